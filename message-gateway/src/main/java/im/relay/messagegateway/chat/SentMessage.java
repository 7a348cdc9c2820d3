package im.relay.messagegateway.chat;

/** The answer to a send: the stored message, and whether this send stored it (false: a retry got the original). */
public record SentMessage(ChatMessage message, boolean created) {}
