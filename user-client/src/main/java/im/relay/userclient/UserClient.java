package im.relay.userclient;

import static im.relay.common.error.GrpcErrors.call;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.grpc.Protos;
import im.relay.proto.user.v1.BatchGetUsersRequest;
import im.relay.proto.user.v1.CreateUserRequest;
import im.relay.proto.user.v1.GetUserRequest;
import im.relay.proto.user.v1.User;
import im.relay.proto.user.v1.UserServiceGrpc;
import im.relay.proto.user.v1.VerifyCredentialsRequest;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * user-service, over the gRPC channel named {@code user-service}, with the caller's own token (relay-common's
 * CallerClientInterceptor puts it on every call). A service that calls user-service imports it:
 *
 * <pre>{@code
 * @RelayService("friend-service")
 * @Import(UserClient.class)
 * public class FriendServiceApplication { ... }
 * }</pre>
 *
 * Failures come out as the catalogue error user-service answered with (USERNAME_TAKEN, NOT_FOUND, ...).
 */
public class UserClient {

    private final UserServiceGrpc.UserServiceBlockingStub users;

    public UserClient(GrpcChannelFactory channels) {
        this.users = UserServiceGrpc.newBlockingStub(channels.createChannel("user-service"));
    }

    /** Registers a user; fails with USERNAME_TAKEN or EMAIL_TAKEN. {@code email} and {@code nickname} may be null. */
    public UserProfile create(String username, String password, String email, String nickname) {
        CreateUserRequest.Builder request = CreateUserRequest.newBuilder()
                .setUsername(nullToEmpty(username))
                .setPassword(nullToEmpty(password));
        if (email != null) {
            request.setEmail(email);
        }
        if (nickname != null) {
            request.setNickname(nickname);
        }
        return profile(call(() -> users.createUser(request.build())).getUser());
    }

    /** The user whose password this is; INVALID_CREDENTIALS for an unknown user and a wrong password alike. */
    public UserProfile verify(String username, String password) {
        VerifyCredentialsRequest request = VerifyCredentialsRequest.newBuilder()
                .setUsername(nullToEmpty(username))
                .setPassword(nullToEmpty(password))
                .build();
        return profile(call(() -> users.verifyCredentials(request)).getUser());
    }

    /** Fails with NOT_FOUND when there is no such user. */
    public void requireExists(UUID userId) {
        call(() -> users.getUser(
                GetUserRequest.newBuilder().setUserId(userId.toString()).build()));
    }

    /** Fails with NOT_FOUND naming the first id that is nobody. */
    public void requireAllExist(Collection<UUID> userIds) {
        Map<UUID, UserProfile> found = profiles(userIds);
        userIds.stream().filter(id -> !found.containsKey(id)).findFirst().ifPresent(id -> {
            throw new RelayException(ErrorCode.NOT_FOUND, "no user " + id);
        });
    }

    /** The public profiles of the users among {@code userIds} that exist. */
    public Map<UUID, UserProfile> profiles(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        BatchGetUsersRequest request = BatchGetUsersRequest.newBuilder()
                .addAllUserIds(userIds.stream().map(UUID::toString).toList())
                .build();
        return call(() -> users.batchGetUsers(request)).getUsersList().stream()
                .map(UserClient::profile)
                .collect(Collectors.toMap(UserProfile::id, profile -> profile, (a, b) -> a));
    }

    private static UserProfile profile(User user) {
        return new UserProfile(
                UUID.fromString(user.getId()),
                user.getUsername(),
                user.getNickname(),
                user.getAvatarUrl(),
                user.hasEmail() ? user.getEmail() : null,
                Protos.instant(user.getCreatedAt()));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
