package im.relay.sdk;

import java.time.Instant;

/** A group as its members see it; {@code role} is the caller's: OWNER, ADMIN or MEMBER. */
public record Group(
        String id,
        String name,
        String description,
        String avatarUrl,
        String ownerId,
        int memberCount,
        boolean mutedAll,
        String role,
        Instant createdAt,
        Instant updatedAt) {}
