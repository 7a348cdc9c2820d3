package im.relay.messagegateway.frame;

import java.time.Instant;

/** A group as group-service's REST API shows it, for GROUP_INVITED and GROUP_UPDATED notifications. */
public record GroupView(
        String id,
        String name,
        String description,
        String avatarUrl,
        String ownerId,
        int memberCount,
        boolean mutedAll,
        Instant createdAt,
        Instant updatedAt) {}
