package im.relay.common.outbox;

/** Kafka topics and what their records are (protos of {@code relay/events/v1}). */
public final class Topics {

    /** MessageEvent, key = conversation id. */
    public static final String MESSAGES = "relay.messages";
    /** FriendEvent, key = the smaller user id of the pair. */
    public static final String FRIENDS = "relay.friends";
    /** GroupEvent, key = group id. */
    public static final String GROUPS = "relay.groups";
    /** SessionEvent, key = user id. */
    public static final String SESSIONS = "relay.sessions";
    /** UserEvent (account deletion), key = user id. */
    public static final String USERS = "relay.users";

    private Topics() {}
}
