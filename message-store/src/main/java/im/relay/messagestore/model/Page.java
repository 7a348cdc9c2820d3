package im.relay.messagestore.model;

import java.util.List;

/** A page of history or sync. */
public record Page(List<StoredMessage> messages, boolean hasMore) {}
