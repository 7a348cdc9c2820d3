package im.relay.messagestore.model;

import java.util.UUID;

/**
 * The message another one quotes, as it is now: its sender and type never change, its snippet follows edits and is
 * empty once it is recalled. Built from the store, never from what the client sent.
 */
public record ReplyTo(UUID messageId, UUID senderId, ContentType contentType, String snippet, boolean recalled) {

    /** How much of a quoted text travels with the reply, in code points. */
    public static final int SNIPPET_LENGTH = 100;

    /** {@code content} is the quoted message's current content (or its start), empty or null once recalled. */
    public static ReplyTo of(UUID messageId, UUID senderId, ContentType contentType, String content, boolean recalled) {
        if (recalled) {
            return new ReplyTo(messageId, senderId, contentType, "", true);
        }
        String snippet = contentType == ContentType.TEXT || contentType == ContentType.SYSTEM
                ? truncate(content == null ? "" : content)
                : contentType.name();
        return new ReplyTo(messageId, senderId, contentType, snippet, false);
    }

    public static ReplyTo of(StoredMessage quoted) {
        return of(quoted.id(), quoted.senderId(), quoted.contentType(), quoted.content(), quoted.recalled());
    }

    private static String truncate(String text) {
        return text.codePointCount(0, text.length()) <= SNIPPET_LENGTH
                ? text
                : text.substring(0, text.offsetByCodePoints(0, SNIPPET_LENGTH));
    }
}
