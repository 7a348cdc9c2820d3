package im.relay.friend.events;

import static im.relay.common.grpc.Protos.timestamp;

import im.relay.common.id.Ids;
import im.relay.common.outbox.Outbox;
import im.relay.common.outbox.Topics;
import im.relay.friend.request.FriendRequest;
import im.relay.proto.events.v1.FriendEvent;
import im.relay.proto.events.v1.FriendPair;
import im.relay.proto.friend.v1.RequestStatus;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Friend changes as FriendEvents on {@code relay.friends}, written to the outbox in the change's transaction, the one
 * place friend-service publishes from. A change that can alter "may A message B" is also told inside this instance
 * ({@link FriendPairChanged}, heard once the transaction commits).
 */
@Component
public class FriendEventPublisher {

    private final Outbox outbox;
    private final ApplicationEventPublisher local;

    FriendEventPublisher(Outbox outbox, ApplicationEventPublisher local) {
        this.outbox = outbox;
        this.local = local;
    }

    public void requestSent(FriendRequest request, Instant at) {
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

    public void accepted(UUID actor, UUID requester, Instant at) {
        publish(actor, requester, event(at).setAccepted(pair(actor, requester)));
    }

    public void deleted(UUID actor, UUID other, Instant at) {
        publish(actor, other, event(at).setDeleted(pair(actor, other)));
    }

    public void blocked(UUID actor, UUID other, Instant at) {
        publish(actor, other, event(at).setBlocked(pair(actor, other)));
    }

    public void unblocked(UUID actor, UUID other, Instant at) {
        publish(actor, other, event(at).setUnblocked(pair(actor, other)));
    }

    private void publish(UUID a, UUID b, FriendEvent.Builder event) {
        String key = (a.compareTo(b) <= 0 ? a : b).toString();
        outbox.add(Topics.FRIENDS, key, event.build().toByteArray());
        if (!event.hasRequestSent()) {
            local.publishEvent(new FriendPairChanged(a, b));
        }
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
