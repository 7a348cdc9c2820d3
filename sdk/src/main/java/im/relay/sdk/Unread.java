package im.relay.sdk;

import java.util.Map;

/** Unread counts per conversation id, and their sum. */
public record Unread(long total, Map<String, Long> conversations) {}
