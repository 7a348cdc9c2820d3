package im.relay.friend.graph;

import im.relay.common.error.GrpcErrors;
import im.relay.proto.user.v1.BatchGetUsersRequest;
import im.relay.proto.user.v1.GetUserRequest;
import im.relay.proto.user.v1.User;
import im.relay.proto.user.v1.UserServiceGrpc;
import io.grpc.StatusRuntimeException;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** user-service, called with the caller's own token. */
@Component
class UserClient {

    /** What friend lists show of a user. */
    record Profile(String username, String nickname, String avatarUrl) {}

    private final UserServiceGrpc.UserServiceBlockingStub users;

    UserClient(GrpcChannelFactory channels) {
        this.users = UserServiceGrpc.newBlockingStub(channels.createChannel("user-service"));
    }

    /** Fails with NOT_FOUND when there is no such user. */
    void requireExists(UUID userId) {
        try {
            users.getUser(
                    GetUserRequest.newBuilder().setUserId(userId.toString()).build());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
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

    private static Profile profile(User user) {
        return new Profile(user.getUsername(), user.getNickname(), user.getAvatarUrl());
    }

    static Function<UUID, Profile> orUnknown(Map<UUID, Profile> profiles) {
        return id -> profiles.getOrDefault(id, new Profile("", "", ""));
    }
}
