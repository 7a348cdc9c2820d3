package im.relay.sdk;

import java.util.List;

/** A page of a longer list; {@code total} is known for searches only (else -1). */
public record Page<T>(List<T> items, boolean hasMore, long total) {}
