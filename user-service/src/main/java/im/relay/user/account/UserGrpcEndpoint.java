package im.relay.user.account;

import static im.relay.common.grpc.Protos.reply;
import static im.relay.common.grpc.Protos.timestamp;

import im.relay.common.identity.CallerContext;
import im.relay.proto.user.v1.BatchGetUsersRequest;
import im.relay.proto.user.v1.BatchGetUsersResponse;
import im.relay.proto.user.v1.CreateUserRequest;
import im.relay.proto.user.v1.CreateUserResponse;
import im.relay.proto.user.v1.GetUserRequest;
import im.relay.proto.user.v1.GetUserResponse;
import im.relay.proto.user.v1.User;
import im.relay.proto.user.v1.UserServiceGrpc;
import im.relay.proto.user.v1.VerifyCredentialsRequest;
import im.relay.proto.user.v1.VerifyCredentialsResponse;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

/**
 * UserService over gRPC. CreateUser and VerifyCredentials back the public register and login calls and need no
 * caller; the rest act for the caller whose token came with the call.
 */
@Service
class UserGrpcEndpoint extends UserServiceGrpc.UserServiceImplBase {

    private final UserService users;

    UserGrpcEndpoint(UserService users) {
        this.users = users;
    }

    @Override
    public void createUser(CreateUserRequest request, StreamObserver<CreateUserResponse> response) {
        UserAccount user = users.register(
                request.getUsername(),
                request.getPassword(),
                request.hasEmail() ? request.getEmail() : null,
                request.hasNickname() ? request.getNickname() : null);
        reply(response, CreateUserResponse.newBuilder().setUser(own(user)).build());
    }

    @Override
    public void verifyCredentials(
            VerifyCredentialsRequest request, StreamObserver<VerifyCredentialsResponse> response) {
        UserAccount user = users.verifyCredentials(request.getUsername(), request.getPassword());
        reply(
                response,
                VerifyCredentialsResponse.newBuilder().setUser(own(user)).build());
    }

    @Override
    public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> response) {
        String caller = CallerContext.require().userId();
        UserAccount user = users.get(request.getUserId());
        User body = user.id().toString().equals(caller) ? own(user) : publicView(user);
        reply(response, GetUserResponse.newBuilder().setUser(body).build());
    }

    @Override
    public void batchGetUsers(BatchGetUsersRequest request, StreamObserver<BatchGetUsersResponse> response) {
        CallerContext.require();
        BatchGetUsersResponse.Builder body = BatchGetUsersResponse.newBuilder();
        users.getAll(request.getUserIdsList()).forEach(user -> body.addUsers(publicView(user)));
        reply(response, body.build());
    }

    private static User own(UserAccount user) {
        User.Builder builder = publicView(user).toBuilder();
        if (user.email() != null) {
            builder.setEmail(user.email());
        }
        return builder.build();
    }

    private static User publicView(UserAccount user) {
        return User.newBuilder()
                .setId(user.id().toString())
                .setUsername(user.username())
                .setNickname(user.nickname())
                .setAvatarUrl(user.avatarUrl())
                .setCreatedAt(timestamp(user.createdAt()))
                .build();
    }
}
