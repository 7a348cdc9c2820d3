package im.relay.group.membership;

import java.time.Instant;
import java.util.UUID;

/** Membership of one user in one group; {@code mutedUntil} is null when not muted. */
public record Member(UUID groupId, UUID userId, Role role, Instant joinedAt, Instant mutedUntil) {

    public boolean mutedAt(Instant now) {
        return mutedUntil != null && mutedUntil.isAfter(now);
    }
}
