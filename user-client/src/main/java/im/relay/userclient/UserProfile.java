package im.relay.userclient;

import java.time.Instant;
import java.util.UUID;

/** A user as user-service describes them; {@code email} only on the user's own profile, else null. */
public record UserProfile(
        UUID id, String username, String nickname, String avatarUrl, String email, Instant createdAt) {

    /** Stands in for a user user-service does not know (any more): blank names, no avatar. */
    public static UserProfile unknown(UUID id) {
        return new UserProfile(id, "", "", "", null, null);
    }

    /** The nickname, or the username when there is none. */
    public String displayName() {
        return nickname.isBlank() ? username : nickname;
    }
}
