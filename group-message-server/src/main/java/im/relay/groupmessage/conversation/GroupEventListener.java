package im.relay.groupmessage.conversation;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.outbox.Topics;
import im.relay.proto.events.v1.GroupEvent;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Group events, read twice over: every instance reads all of them (a consumer group of its own) to drop its cached
 * member lists, and the instances together read them once (a shared consumer group, from the earliest offset) to
 * write the SYSTEM lines. A line that cannot be written is retried by Kafka rather than skipped.
 */
@Component
class GroupEventListener {

    private static final Logger log = LoggerFactory.getLogger(GroupEventListener.class);

    private final GroupClient groups;
    private final SystemMessageService lines;

    GroupEventListener(GroupClient groups, SystemMessageService lines) {
        this.groups = groups;
        this.lines = lines;
    }

    @KafkaListener(topics = Topics.GROUPS, groupId = "${spring.application.name}-cache-${random.uuid}")
    void forgetCachedMembers(byte[] payload) {
        GroupEvent event = parse(payload);
        if (event != null) {
            groups.forget(UUID.fromString(event.getGroupId()));
        }
    }

    @KafkaListener(
            topics = Topics.GROUPS,
            groupId = "${spring.application.name}-system-lines",
            properties = "auto.offset.reset=earliest")
    void writeSystemLine(byte[] payload) {
        GroupEvent event = parse(payload);
        if (event == null) {
            return;
        }
        String id = event.getEventId();
        UUID group = UUID.fromString(event.getGroupId());
        UUID actor = UUID.fromString(event.getActorId());
        List<UUID> told =
                event.getRecipientIdsList().stream().map(UUID::fromString).toList();
        switch (event.getEventCase()) {
            case MEMBERS_JOINED ->
                lines.joined(id, group, actor, ids(event.getMembersJoined().getUserIdsList()), told);
            case MEMBER_LEFT ->
                lines.left(id, group, UUID.fromString(event.getMemberLeft().getUserId()), told);
            case MEMBER_REMOVED ->
                lines.removed(
                        id,
                        group,
                        actor,
                        UUID.fromString(event.getMemberRemoved().getUserId()),
                        told);
            case UPDATED ->
                lines.updated(
                        id,
                        group,
                        actor,
                        event.getUpdated().getGroup().getName(),
                        event.getUpdated().getGroup().getMutedAll(),
                        told);
            case INVITED, DISMISSED, ROLE_CHANGED, MEMBER_MUTED, EVENT_NOT_SET -> {
                // notifications only (message-gateway sends them); nothing enters the stream
            }
        }
    }

    private static List<UUID> ids(List<String> ids) {
        return ids.stream().map(UUID::fromString).toList();
    }

    private static GroupEvent parse(byte[] payload) {
        try {
            return GroupEvent.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            log.warn("Skipping a malformed group event: {}", e.getMessage());
            return null;
        }
    }
}
