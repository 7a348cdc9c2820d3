package im.relay.friend.events;

import java.util.UUID;

/**
 * Told inside this instance when a change to the pair's friendship or blocks commits, so that its cached answers go
 * at once; the other instances hear of it through {@code relay.friends} (FriendEventListener).
 */
public record FriendPairChanged(UUID a, UUID b) {}
