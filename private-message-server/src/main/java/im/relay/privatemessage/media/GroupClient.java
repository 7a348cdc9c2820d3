package im.relay.privatemessage.media;

import static im.relay.common.error.GrpcErrors.call;

import im.relay.proto.group.v1.CheckSendRequest;
import im.relay.proto.group.v1.GroupServiceGrpc;
import java.util.UUID;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * group-service's answer to "is this user a member of that group now", asked with the user's own token (the
 * downloader's, or the sender's for an attachment). Not cached: a member removed from a group loses its uploads at
 * once, and group-service answers from its own in-memory member lists.
 */
@Component
class GroupClient {

    private final GroupServiceGrpc.GroupServiceBlockingStub groups;

    GroupClient(GrpcChannelFactory channels) {
        this.groups = GroupServiceGrpc.newBlockingStub(channels.createChannel("group-service"));
    }

    /** Whether {@code user} (the caller) is a member of the group, muted or not; false for a dismissed group. */
    boolean isMember(UUID user, UUID groupId) {
        CheckSendRequest request = CheckSendRequest.newBuilder()
                .setGroupId(groupId.toString())
                .setUserId(user.toString())
                .build();
        return switch (call(() -> groups.checkSend(request)).getVerdict()) {
            case VERDICT_ALLOWED, VERDICT_MUTED -> true;
            case VERDICT_NOT_GROUP_MEMBER, VERDICT_GROUP_NOT_FOUND, VERDICT_UNSPECIFIED, UNRECOGNIZED -> false;
        };
    }
}
