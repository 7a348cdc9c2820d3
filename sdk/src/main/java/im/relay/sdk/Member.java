package im.relay.sdk;

import java.time.Instant;

public record Member(
        String userId,
        String username,
        String nickname,
        String avatarUrl,
        String role,
        Instant joinedAt,
        Instant mutedUntil) {}
