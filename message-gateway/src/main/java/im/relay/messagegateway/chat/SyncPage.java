package im.relay.messagegateway.chat;

import java.util.List;

/** Messages after a seq, oldest first, and whether more follow. */
public record SyncPage(List<ChatMessage> messages, boolean hasMore) {}
