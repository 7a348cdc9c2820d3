package im.relay.common.testapp;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.CallerContext;
import im.relay.proto.user.v1.GetUserRequest;
import im.relay.proto.user.v1.GetUserResponse;
import im.relay.proto.user.v1.User;
import im.relay.proto.user.v1.UserServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

/** Answers who called: proves that the caller's identity crosses gRPC and that errors keep their code. */
@Service
class DemoGrpcEndpoint extends UserServiceGrpc.UserServiceImplBase {

    @Override
    public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> response) {
        String caller = CallerContext.require().userId();
        if (!request.getUserId().equals(caller)) {
            throw new RelayException(ErrorCode.NOT_FOUND, "no user " + request.getUserId());
        }
        response.onNext(GetUserResponse.newBuilder()
                .setUser(User.newBuilder().setId(caller).setUsername(caller))
                .build());
        response.onCompleted();
    }
}
