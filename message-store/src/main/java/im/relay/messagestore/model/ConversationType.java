package im.relay.messagestore.model;

/** The two kinds of conversation; each message server owns one. */
public enum ConversationType {
    PRIVATE,
    GROUP
}
