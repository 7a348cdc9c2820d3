package im.relay.messagestore.model;

/** What a message's content is: text, or the URL of an uploaded file; SYSTEM is made by the server only. */
public enum ContentType {
    TEXT,
    IMAGE,
    AUDIO,
    VIDEO,
    FILE,
    SYSTEM
}
