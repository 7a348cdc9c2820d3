package im.relay.sdk;

import java.time.Instant;

/** {@code status}: PENDING, ACCEPTED or REJECTED. */
public record FriendRequest(
        String id, String fromUserId, String toUserId, String message, String status, Instant createdAt) {}
