package im.relay.privatemessage.conversation;

import static im.relay.common.error.GrpcErrors.call;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.proto.friend.v1.CheckMessagingRequest;
import im.relay.proto.friend.v1.CheckMessagingResponse;
import im.relay.proto.friend.v1.FriendServiceGrpc;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * friend-service's answer to "may A message B", called with the sender's token and kept for a while: friend events
 * drop an answer as soon as the pair changes (see {@link FriendEventListener}), the expiry bounds what a lost event
 * could leave behind.
 */
@Component
class FriendClient {

    enum Verdict {
        ALLOWED,
        NOT_FRIENDS,
        BLOCKED
    }

    /** The pair, smaller id first: friendship and blocks apply to both directions alike. */
    private record Pair(UUID low, UUID high) {
        static Pair of(UUID a, UUID b) {
            return a.compareTo(b) <= 0 ? new Pair(a, b) : new Pair(b, a);
        }
    }

    private final FriendServiceGrpc.FriendServiceBlockingStub friends;
    private final Cache<Pair, Verdict> verdicts;

    FriendClient(
            GrpcChannelFactory channels,
            @Value("${relay.private-messages.policy-cache.size:100000}") long size,
            @Value("${relay.private-messages.policy-cache.ttl:10m}") Duration ttl) {
        this.friends = FriendServiceGrpc.newBlockingStub(channels.createChannel("friend-service"));
        this.verdicts =
                Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    Verdict check(UUID sender, UUID receiver) {
        return verdicts.get(Pair.of(sender, receiver), pair -> ask(sender, receiver));
    }

    void forget(UUID a, UUID b) {
        verdicts.invalidate(Pair.of(a, b));
    }

    private Verdict ask(UUID sender, UUID receiver) {
        CheckMessagingRequest request = CheckMessagingRequest.newBuilder()
                .setSenderId(sender.toString())
                .setReceiverId(receiver.toString())
                .build();
        CheckMessagingResponse.Verdict verdict =
                call(() -> friends.checkMessaging(request)).getVerdict();
        return switch (verdict) {
            case VERDICT_ALLOWED -> Verdict.ALLOWED;
            case VERDICT_BLOCKED -> Verdict.BLOCKED;
            case VERDICT_NOT_FRIENDS -> Verdict.NOT_FRIENDS;
            case VERDICT_UNSPECIFIED, UNRECOGNIZED ->
                throw new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "friend-service gave no verdict");
        };
    }
}
