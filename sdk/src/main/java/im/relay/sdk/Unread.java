package im.relay.sdk;

import java.util.Map;

/**
 * Unread counts per conversation id, and their sum; {@code mentioned} the unread messages per conversation that
 * mention one (or {@code @all}), for conversations that have any.
 */
public record Unread(long total, Map<String, Long> conversations, Map<String, Long> mentioned) {

    public Unread {
        mentioned = mentioned == null ? Map.of() : mentioned;
    }

    /** Counts without mentions. */
    public Unread(long total, Map<String, Long> conversations) {
        this(total, conversations, Map.of());
    }
}
