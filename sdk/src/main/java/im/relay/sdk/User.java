package im.relay.sdk;

/** A user's profile; {@code email} only in one's own ({@link RelayClient.Users#me()}), else {@code null}. */
public record User(String id, String username, String nickname, String avatarUrl, String email) {

    /** The name to show: the nickname, else the username. */
    public String displayName() {
        return nickname == null || nickname.isBlank() ? username : nickname;
    }
}
