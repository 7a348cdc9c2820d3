package im.relay.messagegateway.relations;

import im.relay.common.error.GrpcErrors;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.proto.group.v1.GroupServiceGrpc;
import im.relay.proto.group.v1.ListMemberIdsRequest;
import im.relay.proto.group.v1.ListMemberIdsResponse;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** group-service, called as a member (only members may list a group's members). */
@Component
class GroupClient {

    private final GroupServiceGrpc.GroupServiceBlockingStub groups;

    GroupClient(GrpcChannelFactory channels) {
        this.groups = GroupServiceGrpc.newBlockingStub(channels.createChannel("group-service"));
    }

    GroupMembers memberIds(Caller caller, String groupId) {
        try {
            ListMemberIdsResponse response = CallerContext.runAsCall(
                    caller,
                    () -> groups.listMemberIds(ListMemberIdsRequest.newBuilder()
                            .setGroupId(groupId)
                            .build()));
            return new GroupMembers(Set.copyOf(response.getUserIdsList()), response.getVersion());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }
}
