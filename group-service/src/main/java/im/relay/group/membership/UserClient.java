package im.relay.group.membership;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import im.relay.common.error.RelayException;
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

/** user-service, called with the caller's own token. */
@Component
class UserClient {

    /** What member lists show of a user. */
    record Profile(String username, String nickname, String avatarUrl) {

        static final Profile UNKNOWN = new Profile("", "", "");
    }

    private final UserServiceGrpc.UserServiceBlockingStub users;

    UserClient(GrpcChannelFactory channels) {
        this.users = UserServiceGrpc.newBlockingStub(channels.createChannel("user-service"));
    }

    Map<UUID, Profile> profiles(Collection<UUID> userIds) {
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
                    .collect(Collectors.toMap(user -> UUID.fromString(user.getId()), UserClient::profile, (a, b) -> a));
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    /** Fails with NOT_FOUND naming the first id that is nobody. */
    void requireAllExist(Collection<UUID> userIds) {
        Map<UUID, Profile> found = profiles(userIds);
        userIds.stream().filter(id -> !found.containsKey(id)).findFirst().ifPresent(id -> {
            throw new RelayException(ErrorCode.NOT_FOUND, "no user " + id);
        });
    }

    private static Profile profile(User user) {
        return new Profile(user.getUsername(), user.getNickname(), user.getAvatarUrl());
    }
}
