package im.relay.auth.api;

import im.relay.common.error.GrpcErrors;
import im.relay.proto.user.v1.CreateUserRequest;
import im.relay.proto.user.v1.User;
import im.relay.proto.user.v1.UserServiceGrpc;
import im.relay.proto.user.v1.VerifyCredentialsRequest;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** user-service, for the two calls behind the public register and login. */
@Component
class UserClient {

    private final UserServiceGrpc.UserServiceBlockingStub users;

    UserClient(GrpcChannelFactory channels) {
        this.users = UserServiceGrpc.newBlockingStub(channels.createChannel("user-service"));
    }

    UserProfile create(String username, String password, String email, String nickname) {
        CreateUserRequest.Builder request = CreateUserRequest.newBuilder()
                .setUsername(nullToEmpty(username))
                .setPassword(nullToEmpty(password));
        if (email != null) {
            request.setEmail(email);
        }
        if (nickname != null) {
            request.setNickname(nickname);
        }
        try {
            return profile(users.createUser(request.build()).getUser());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    UserProfile verify(String username, String password) {
        try {
            return profile(users.verifyCredentials(VerifyCredentialsRequest.newBuilder()
                            .setUsername(nullToEmpty(username))
                            .setPassword(nullToEmpty(password))
                            .build())
                    .getUser());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    private static UserProfile profile(User user) {
        return new UserProfile(
                user.getId(),
                user.getUsername(),
                user.getNickname(),
                user.getAvatarUrl(),
                user.hasEmail() ? user.getEmail() : null,
                Instant.ofEpochSecond(
                        user.getCreatedAt().getSeconds(), user.getCreatedAt().getNanos()));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
