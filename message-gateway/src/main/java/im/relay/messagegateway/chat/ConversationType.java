package im.relay.messagegateway.chat;

/** Which message server owns a conversation. */
public enum ConversationType {
    PRIVATE,
    GROUP
}
