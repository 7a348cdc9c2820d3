package im.relay.group.events;

import static im.relay.common.grpc.Protos.timestamp;

import im.relay.common.id.Ids;
import im.relay.common.outbox.Outbox;
import im.relay.common.outbox.Topics;
import im.relay.group.group.Group;
import im.relay.group.membership.Role;
import im.relay.proto.events.v1.GroupDismissed;
import im.relay.proto.events.v1.GroupEvent;
import im.relay.proto.events.v1.GroupSnapshot;
import im.relay.proto.events.v1.MemberGone;
import im.relay.proto.events.v1.MemberMuted;
import im.relay.proto.events.v1.MembersJoined;
import im.relay.proto.events.v1.RoleChanged;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Group changes as GroupEvents on {@code relay.groups} (key = group id, so one group's events stay in order), written
 * to the outbox in the change's transaction, the one place group-service publishes from. Each names who is told, as
 * API.md's notifications say. Each is also told inside this instance ({@link GroupChanged}, heard once the
 * transaction commits).
 */
@Component
public class GroupEventPublisher {

    private final Outbox outbox;
    private final ApplicationEventPublisher local;

    GroupEventPublisher(Outbox outbox, ApplicationEventPublisher local) {
        this.outbox = outbox;
        this.local = local;
    }

    public void invited(Group group, UUID actor, Collection<UUID> invited, Instant at) {
        publish(
                group.id(),
                actor,
                invited,
                group.membershipVersion(),
                at,
                e -> e.setInvited(GroupSnapshot.newBuilder()
                        .setGroup(proto(group))
                        .addAllUserIds(invited.stream().map(UUID::toString).toList())));
    }

    public void joined(Group group, UUID actor, Collection<UUID> joined, Collection<UUID> members, Instant at) {
        publish(
                group.id(),
                actor,
                members,
                group.membershipVersion(),
                at,
                e -> e.setMembersJoined(MembersJoined.newBuilder()
                        .addAllUserIds(joined.stream().map(UUID::toString).toList())));
    }

    public void left(UUID groupId, UUID userId, Collection<UUID> told, long version, Instant at) {
        publish(groupId, userId, told, version, at, e -> e.setMemberLeft(memberGone(userId)));
    }

    public void removed(UUID groupId, UUID actor, UUID userId, Collection<UUID> told, long version, Instant at) {
        publish(groupId, actor, told, version, at, e -> e.setMemberRemoved(memberGone(userId)));
    }

    public void updated(Group group, UUID actor, Collection<UUID> members, Instant at) {
        publish(
                group.id(),
                actor,
                members,
                group.membershipVersion(),
                at,
                e -> e.setUpdated(GroupSnapshot.newBuilder().setGroup(proto(group))));
    }

    public void dismissed(UUID groupId, UUID actor, Collection<UUID> formerMembers, long version, Instant at) {
        publish(groupId, actor, formerMembers, version, at, e -> e.setDismissed(GroupDismissed.getDefaultInstance()));
    }

    public void roleChanged(
            UUID groupId, UUID actor, UUID userId, Role role, Collection<UUID> members, long version, Instant at) {
        publish(
                groupId,
                actor,
                members,
                version,
                at,
                e -> e.setRoleChanged(RoleChanged.newBuilder()
                        .setUserId(userId.toString())
                        .setRole(im.relay.proto.group.v1.Role.valueOf("ROLE_" + role.name()))));
    }

    public void muted(
            UUID groupId, UUID actor, UUID userId, Instant until, Collection<UUID> members, long version, Instant at) {
        MemberMuted.Builder muted = MemberMuted.newBuilder().setUserId(userId.toString());
        if (until != null) {
            muted.setMutedUntil(timestamp(until));
        }
        publish(groupId, actor, members, version, at, e -> e.setMemberMuted(muted));
    }

    private void publish(
            UUID groupId,
            UUID actor,
            Collection<UUID> told,
            long version,
            Instant at,
            java.util.function.Consumer<GroupEvent.Builder> content) {
        GroupEvent.Builder event = GroupEvent.newBuilder()
                .setEventId(Ids.newId())
                .setOccurredAt(timestamp(at))
                .setGroupId(groupId.toString())
                .setActorId(actor.toString())
                .addAllRecipientIds(told.stream().map(UUID::toString).distinct().toList())
                .setMembershipVersion(version);
        content.accept(event);
        outbox.add(Topics.GROUPS, groupId.toString(), event.build().toByteArray());
        local.publishEvent(new GroupChanged(groupId));
    }

    public static im.relay.proto.group.v1.Group proto(Group group) {
        return im.relay.proto.group.v1.Group.newBuilder()
                .setId(group.id().toString())
                .setName(group.name())
                .setDescription(group.description())
                .setAvatarUrl(group.avatarUrl())
                .setOwnerId(group.ownerId().toString())
                .setMemberCount(group.memberCount())
                .setMutedAll(group.mutedAll())
                .setCreatedAt(timestamp(group.createdAt()))
                .setUpdatedAt(timestamp(group.updatedAt()))
                .build();
    }

    private static MemberGone memberGone(UUID userId) {
        return MemberGone.newBuilder().setUserId(userId.toString()).build();
    }
}
