package im.relay.sdk;

import java.time.Instant;

public record Friend(
        String userId,
        String username,
        String nickname,
        String avatarUrl,
        String remark,
        boolean online,
        Instant since) {}
