package im.relay.friend.request;

import java.time.Instant;
import java.util.UUID;

/** A request from one user to another to become friends. */
public record FriendRequest(UUID id, UUID fromUserId, UUID toUserId, String message, Status status, Instant createdAt) {

    public enum Status {
        PENDING,
        ACCEPTED,
        REJECTED
    }

    public FriendRequest withStatus(Status next) {
        return new FriendRequest(id, fromUserId, toUserId, message, next, createdAt);
    }
}
