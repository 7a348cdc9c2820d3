package im.relay.group.group;

import java.time.Instant;
import java.util.UUID;

/** A group as its members see it. */
public record Group(
        UUID id,
        String name,
        String description,
        String avatarUrl,
        UUID ownerId,
        int memberCount,
        boolean mutedAll,
        long membershipVersion,
        Instant createdAt,
        Instant updatedAt) {}
