package im.relay.sdk;

/**
 * A user's profile; {@code email} only in one's own ({@link RelayClient.Users#me()}), else {@code null}. A deleted
 * account's id answers a placeholder with {@code deleted} true (nickname "Deleted user", no username); other
 * profiles leave {@code deleted} out (null): use {@link #isDeleted()}.
 */
public record User(String id, String username, String nickname, String avatarUrl, String email, Boolean deleted) {

    /** Whether this is the placeholder of a deleted account. */
    public boolean isDeleted() {
        return Boolean.TRUE.equals(deleted);
    }

    /** The name to show: the nickname, else the username. */
    public String displayName() {
        return nickname == null || nickname.isBlank() ? username : nickname;
    }
}
