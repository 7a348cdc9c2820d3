package im.relay.user.account;

import java.time.Instant;
import java.util.UUID;

/** A user as the rest of Relay sees them; the password hash never leaves {@link UserRepository}. */
public record UserAccount(
        UUID id,
        String username,
        String email,
        String nickname,
        String avatarUrl,
        Instant createdAt,
        Instant updatedAt) {}
