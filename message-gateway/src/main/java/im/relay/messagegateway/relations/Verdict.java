package im.relay.messagegateway.relations;

/** Whether a user may address another privately (friends, no block either way). */
public enum Verdict {
    ALLOWED,
    NOT_FRIENDS,
    BLOCKED
}
