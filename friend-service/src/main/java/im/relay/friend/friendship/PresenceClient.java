package im.relay.friend.friendship;

import static im.relay.common.error.GrpcErrors.call;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.proto.messagegateway.v1.GetPresenceRequest;
import im.relay.proto.messagegateway.v1.PresenceServiceGrpc;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * message-gateway's PresenceService, called with the caller's own token. Any node answers for all of them (they share
 * one route table), so one channel to any node will do.
 */
@Component
class PresenceClient {

    private static final Logger log = LoggerFactory.getLogger(PresenceClient.class);

    private final PresenceServiceGrpc.PresenceServiceBlockingStub presence;

    PresenceClient(GrpcChannelFactory channels) {
        this.presence = PresenceServiceGrpc.newBlockingStub(channels.createChannel("message-gateway"));
    }

    /**
     * The users among {@code userIds} who have a live session. Presence is a courtesy: while message-gateway cannot
     * answer, everyone shows as offline and the friend list still works.
     */
    Set<UUID> online(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        GetPresenceRequest request = GetPresenceRequest.newBuilder()
                .addAllUserIds(userIds.stream().map(UUID::toString).toList())
                .build();
        try {
            return call(() -> presence.getPresence(request)).getOnlineUserIdsList().stream()
                    .map(UUID::fromString)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (RelayException e) {
            if (e.code() != ErrorCode.SERVICE_UNAVAILABLE) {
                throw e;
            }
            log.warn("Friends shown offline: message-gateway's presence did not answer ({})", e.detail());
            return Set.of();
        }
    }
}
