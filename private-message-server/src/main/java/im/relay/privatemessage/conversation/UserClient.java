package im.relay.privatemessage.conversation;

import im.relay.common.error.GrpcErrors;
import im.relay.proto.user.v1.BatchGetUsersRequest;
import im.relay.proto.user.v1.User;
import im.relay.proto.user.v1.UserServiceGrpc;
import io.grpc.StatusRuntimeException;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** user-service, called with the caller's token, for the names the conversation list shows. */
@Component
class UserClient {

    private final UserServiceGrpc.UserServiceBlockingStub users;

    UserClient(GrpcChannelFactory channels) {
        this.users = UserServiceGrpc.newBlockingStub(channels.createChannel("user-service"));
    }

    /** The nickname of each known user, or their username when they have none. */
    Map<UUID, String> displayNames(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        try {
            return users
                    .batchGetUsers(BatchGetUsersRequest.newBuilder()
                            .addAllUserIds(userIds.stream().map(UUID::toString).toList())
                            .build())
                    .getUsersList()
                    .stream()
                    .collect(Collectors.toMap(
                            user -> UUID.fromString(user.getId()), UserClient::displayName, (a, b) -> a));
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    private static String displayName(User user) {
        return user.getNickname().isBlank() ? user.getUsername() : user.getNickname();
    }
}
