package im.relay.messagegateway.frame;

import java.time.Instant;

/** A friend request as friend-service's REST API shows it, for FRIEND_REQUEST notifications. */
public record FriendRequestView(
        String id, String fromUserId, String toUserId, String message, String status, Instant createdAt) {}
