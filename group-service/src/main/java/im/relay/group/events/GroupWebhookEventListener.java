package im.relay.group.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.grpc.Protos;
import im.relay.common.json.Timestamps;
import im.relay.common.outbox.Topics;
import im.relay.common.webhook.EventWebhook;
import im.relay.common.webhook.EventWebhookConfiguration;
import im.relay.proto.events.v1.GroupEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The {@code group.*} webhook events (docs/webhooks.md): each change on {@code relay.groups}, posted once by one
 * instance (consumer group {@code relay-webhooks-groups}, from the latest record), only when
 * {@code relay.webhooks.events.url} is set at startup. A body names the members the change is about, never the
 * group's whole member list (the event's recipients).
 */
@Component
@ConditionalOnProperty(EventWebhookConfiguration.URL)
class GroupWebhookEventListener {

    private static final Logger log = LoggerFactory.getLogger(GroupWebhookEventListener.class);

    /** The group's profile after the change. */
    record Profile(
            String name, String description, String avatarUrl, String ownerId, int memberCount, boolean mutedAll) {}

    record MembersAdded(String groupId, String actorId, List<String> userIds, Profile group, String occurredAt) {}

    /** A member left (the actor is the member) or was removed. */
    record MemberGone(String groupId, String actorId, String userId, String occurredAt) {}

    record RoleChanged(String groupId, String actorId, String userId, String role, String occurredAt) {}

    /** {@code mutedUntil} null: the member may speak again. */
    record MemberMuted(
            String groupId,
            String actorId,
            String userId,
            @Nullable String mutedUntil,
            String occurredAt) {}

    record Updated(String groupId, String actorId, Profile group, String occurredAt) {}

    record Dismissed(String groupId, String actorId, String occurredAt) {}

    private final EventWebhook webhook;

    GroupWebhookEventListener(EventWebhook webhook) {
        this.webhook = webhook;
    }

    @KafkaListener(topics = Topics.GROUPS, groupId = "relay-webhooks-groups", properties = "auto.offset.reset=latest")
    void onEvent(byte[] payload) {
        GroupEvent event;
        try {
            event = GroupEvent.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            log.warn("Skipping a malformed group event: {}", e.getMessage());
            return;
        }
        String group = event.getGroupId();
        String actor = event.getActorId();
        String at = Timestamps.format(Protos.instant(event.getOccurredAt()));
        switch (event.getEventCase()) {
            case INVITED ->
                post(
                        event,
                        "group.members-added",
                        new MembersAdded(
                                group,
                                actor,
                                event.getInvited().getUserIdsList(),
                                profile(event.getInvited().getGroup()),
                                at));
            case MEMBERS_JOINED -> {
                // published with an INVITED event naming the same members, the one posted
            }
            case MEMBER_LEFT ->
                post(
                        event,
                        "group.member-left",
                        new MemberGone(group, actor, event.getMemberLeft().getUserId(), at));
            case MEMBER_REMOVED ->
                post(
                        event,
                        "group.member-removed",
                        new MemberGone(group, actor, event.getMemberRemoved().getUserId(), at));
            case ROLE_CHANGED ->
                post(
                        event,
                        "group.role-changed",
                        new RoleChanged(
                                group,
                                actor,
                                event.getRoleChanged().getUserId(),
                                event.getRoleChanged().getRole().name().replace("ROLE_", ""),
                                at));
            case MEMBER_MUTED ->
                post(
                        event,
                        "group.member-muted",
                        new MemberMuted(
                                group,
                                actor,
                                event.getMemberMuted().getUserId(),
                                event.getMemberMuted().hasMutedUntil()
                                        ? Timestamps.format(Protos.instant(
                                                event.getMemberMuted().getMutedUntil()))
                                        : null,
                                at));
            case UPDATED ->
                post(
                        event,
                        "group.updated",
                        new Updated(group, actor, profile(event.getUpdated().getGroup()), at));
            case DISMISSED -> post(event, "group.dismissed", new Dismissed(group, actor, at));
            case EVENT_NOT_SET -> log.debug("A group event without content: {}", event.getEventId());
        }
    }

    private void post(GroupEvent event, String type, Object data) {
        webhook.post(event.getEventId(), type, data);
    }

    private static Profile profile(im.relay.proto.group.v1.Group group) {
        return new Profile(
                group.getName(),
                group.getDescription(),
                group.getAvatarUrl(),
                group.getOwnerId(),
                group.getMemberCount(),
                group.getMutedAll());
    }
}
