package im.relay.friend.graph;

import static im.relay.common.grpc.Protos.timestamp;

import im.relay.common.id.Ids;
import im.relay.common.outbox.Outbox;
import im.relay.common.outbox.Topics;
import im.relay.proto.events.v1.FriendEvent;
import im.relay.proto.events.v1.FriendPair;
import im.relay.proto.friend.v1.RequestStatus;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Friend changes as FriendEvents on {@code relay.friends}, written to the outbox in the change's transaction. */
@Component
class FriendEventPublisher {

    private final Outbox outbox;

    FriendEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    void requestSent(FriendRequest request, Instant at) {
        publish(
                request.fromUserId(),
                request.toUserId(),
                event(at)
                        .setRequestSent(im.relay.proto.friend.v1.FriendRequest.newBuilder()
                                .setId(request.id().toString())
                                .setFromUserId(request.fromUserId().toString())
                                .setToUserId(request.toUserId().toString())
                                .setMessage(request.message())
                                .setStatus(RequestStatus.REQUEST_STATUS_PENDING)
                                .setCreatedAt(timestamp(request.createdAt()))));
    }

    void accepted(UUID actor, UUID requester, Instant at) {
        publish(actor, requester, event(at).setAccepted(pair(actor, requester)));
    }

    void deleted(UUID actor, UUID other, Instant at) {
        publish(actor, other, event(at).setDeleted(pair(actor, other)));
    }

    void blocked(UUID actor, UUID other, Instant at) {
        publish(actor, other, event(at).setBlocked(pair(actor, other)));
    }

    void unblocked(UUID actor, UUID other, Instant at) {
        publish(actor, other, event(at).setUnblocked(pair(actor, other)));
    }

    private void publish(UUID a, UUID b, FriendEvent.Builder event) {
        String key = (a.compareTo(b) <= 0 ? a : b).toString();
        outbox.add(Topics.FRIENDS, key, event.build().toByteArray());
    }

    private static FriendEvent.Builder event(Instant at) {
        return FriendEvent.newBuilder().setEventId(Ids.newId()).setOccurredAt(timestamp(at));
    }

    private static FriendPair pair(UUID actor, UUID other) {
        return FriendPair.newBuilder()
                .setActorId(actor.toString())
                .setOtherId(other.toString())
                .build();
    }
}
