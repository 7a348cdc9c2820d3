package im.relay.messagegateway.chat;

/** What a message's {@code content} is: text, or the URL of an uploaded file; SYSTEM is made by servers only. */
public enum ContentType {
    TEXT,
    IMAGE,
    AUDIO,
    VIDEO,
    FILE,
    SYSTEM
}
