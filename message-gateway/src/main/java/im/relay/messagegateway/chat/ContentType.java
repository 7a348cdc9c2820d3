package im.relay.messagegateway.chat;

/**
 * What a message's {@code content} is: text, or an uploaded file (sent as its media id or a URL; stored as the media's
 * JSON description); SYSTEM is made by servers only.
 */
public enum ContentType {
    TEXT,
    IMAGE,
    AUDIO,
    VIDEO,
    FILE,
    SYSTEM
}
