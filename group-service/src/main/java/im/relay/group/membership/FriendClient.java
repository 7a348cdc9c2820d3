package im.relay.group.membership;

import static im.relay.common.error.GrpcErrors.call;

import im.relay.proto.friend.v1.FriendServiceGrpc;
import im.relay.proto.friend.v1.ListBlockersRequest;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * friend-service, called with the caller's own token. Not cached: adding members is rare and rate-limited, and an
 * answer read fresh each time leaves no window in which a new block could be missed.
 */
@Component
class FriendClient {

    private final FriendServiceGrpc.FriendServiceBlockingStub friends;

    FriendClient(GrpcChannelFactory channels) {
        this.friends = FriendServiceGrpc.newBlockingStub(channels.createChannel("friend-service"));
    }

    /** Those among {@code userIds} who blocked the caller. */
    Set<UUID> blockersAmong(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        ListBlockersRequest request = ListBlockersRequest.newBuilder()
                .addAllUserIds(userIds.stream().map(UUID::toString).toList())
                .build();
        return call(() -> friends.listBlockers(request)).getUserIdsList().stream()
                .map(UUID::fromString)
                .collect(Collectors.toSet());
    }
}
