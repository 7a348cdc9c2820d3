package im.relay.messagegateway.relations;

import static im.relay.common.error.GrpcErrors.call;

import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.proto.group.v1.GroupServiceGrpc;
import im.relay.proto.group.v1.ListMemberIdsRequest;
import im.relay.proto.group.v1.ListMemberIdsResponse;
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
        ListMemberIdsRequest request =
                ListMemberIdsRequest.newBuilder().setGroupId(groupId).build();
        ListMemberIdsResponse response =
                call(() -> CallerContext.runAsCall(caller, () -> groups.listMemberIds(request)));
        return new GroupMembers(Set.copyOf(response.getUserIdsList()), response.getVersion());
    }
}
