package im.relay.messagegateway;

import static im.relay.messagegateway.ChatFramesIT.session;
import static im.relay.messagegateway.ChatFramesIT.user;
import static im.relay.messagegateway.SessionsIT.ping;
import static im.relay.messagegateway.support.Events.groupEvent;
import static im.relay.messagegateway.support.Events.notification;
import static im.relay.messagegateway.support.Events.now;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import im.relay.common.outbox.Topics;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import im.relay.proto.events.v1.FriendEvent;
import im.relay.proto.events.v1.FriendPair;
import im.relay.proto.events.v1.GroupEvent;
import im.relay.proto.events.v1.GroupSnapshot;
import im.relay.proto.events.v1.RoleChanged;
import im.relay.proto.friend.v1.FriendRequest;
import im.relay.proto.friend.v1.RequestStatus;
import im.relay.proto.group.v1.Group;
import im.relay.proto.group.v1.Role;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Friend and group events becoming {@code notification} frames for the users they name. */
class NotificationsIT {

    final GatewayCluster cluster = GatewayCluster.shared();

    @Test
    void friendEventsBecomeNotificationsForTheOtherSide() {
        String eve = user("eve");
        String fred = user("fred");
        try (WsClient eveClient = cluster.connect(1, eve, session(), "WEB");
                WsClient fredClient = cluster.connect(2, fred, session(), "WEB")) {
            ping(eveClient, "ready");
            ping(fredClient, "ready");

            publishFriendEvent(FriendEvent.newBuilder()
                    .setRequestSent(FriendRequest.newBuilder()
                            .setId("req-1")
                            .setFromUserId(eve)
                            .setToUserId(fred)
                            .setMessage("hi, it's eve")
                            .setStatus(RequestStatus.REQUEST_STATUS_PENDING)
                            .setCreatedAt(Timestamp.newBuilder().setSeconds(1_800_000_000L))));
            publishFriendEvent(FriendEvent.newBuilder()
                    .setAccepted(FriendPair.newBuilder().setActorId(fred).setOtherId(eve)));
            publishFriendEvent(FriendEvent.newBuilder()
                    .setDeleted(FriendPair.newBuilder().setActorId(eve).setOtherId(fred)));

            JsonNode request =
                    fredClient.await(notification("FRIEND_REQUEST")).get("data").get("request");
            assertThat(request.get("id").asString()).isEqualTo("req-1");
            assertThat(request.get("fromUserId").asString()).isEqualTo(eve);
            assertThat(request.get("toUserId").asString()).isEqualTo(fred);
            assertThat(request.get("message").asString()).isEqualTo("hi, it's eve");
            assertThat(request.get("status").asString()).isEqualTo("PENDING");
            assertThat(request.get("createdAt").asString()).isEqualTo("2027-01-15T08:00:00.000Z");
            assertThat(eveClient
                            .await(notification("FRIEND_ACCEPTED"))
                            .get("data")
                            .get("userId")
                            .asString())
                    .isEqualTo(fred);
            assertThat(fredClient
                            .await(notification("FRIEND_DELETED"))
                            .get("data")
                            .get("userId")
                            .asString())
                    .isEqualTo(eve);
            assertThat(eveClient.frames(notification("FRIEND_REQUEST"))).isEmpty();
        }
    }

    @Test
    void groupEventsBecomeNotificationsForTheMembersTheyName() {
        String gail = user("gail");
        String hugo = user("hugo");
        String group = "group-" + UUID.randomUUID();
        try (WsClient gailClient = cluster.connect(2, gail, session(), "WEB");
                WsClient hugoClient = cluster.connect(1, hugo, session(), "WEB")) {
            ping(gailClient, "ready");
            ping(hugoClient, "ready");
            Group snapshot = Group.newBuilder()
                    .setId(group)
                    .setName("Climbers")
                    .setDescription("")
                    .setOwnerId(gail)
                    .setMemberCount(2)
                    .setCreatedAt(Timestamp.newBuilder().setSeconds(1_800_000_000L))
                    .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_800_000_060L))
                    .build();

            publishGroupEvent(groupEvent(group, List.of(hugo))
                    .setInvited(GroupSnapshot.newBuilder().setGroup(snapshot).addUserIds(hugo)));
            publishGroupEvent(groupEvent(group, List.of(gail, hugo))
                    .setUpdated(GroupSnapshot.newBuilder()
                            .setGroup(snapshot.toBuilder().setName("Boulderers"))));
            publishGroupEvent(groupEvent(group, List.of(gail, hugo))
                    .setRoleChanged(RoleChanged.newBuilder().setUserId(hugo).setRole(Role.ROLE_ADMIN)));

            JsonNode invited =
                    hugoClient.await(notification("GROUP_INVITED")).get("data").get("group");
            assertThat(invited.get("id").asString()).isEqualTo(group);
            assertThat(invited.get("name").asString()).isEqualTo("Climbers");
            assertThat(invited.get("ownerId").asString()).isEqualTo(gail);
            assertThat(invited.get("memberCount").asInt()).isEqualTo(2);
            assertThat(invited.get("mutedAll").asBoolean()).isFalse();
            assertThat(invited.get("updatedAt").asString()).isEqualTo("2027-01-15T08:01:00.000Z");
            assertThat(gailClient
                            .await(notification("GROUP_UPDATED"))
                            .get("data")
                            .get("group")
                            .get("name")
                            .asString())
                    .isEqualTo("Boulderers");
            JsonNode role = gailClient.await(notification("GROUP_ROLE_CHANGED")).get("data");
            assertThat(role.get("groupId").asString()).isEqualTo(group);
            assertThat(role.get("userId").asString()).isEqualTo(hugo);
            assertThat(role.get("role").asString()).isEqualTo("ADMIN");
            assertThat(gailClient.frames(notification("GROUP_INVITED"))).isEmpty();
        }
    }

    private void publishFriendEvent(FriendEvent.Builder event) {
        event.setEventId(UUID.randomUUID().toString()).setOccurredAt(now());
        cluster.publish(Topics.FRIENDS, "pair", event.build().toByteArray());
    }

    private void publishGroupEvent(GroupEvent.Builder event) {
        cluster.publish(Topics.GROUPS, event.getGroupId(), event.build().toByteArray());
    }
}
