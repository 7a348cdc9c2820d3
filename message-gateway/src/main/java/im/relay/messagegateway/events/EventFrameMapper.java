package im.relay.messagegateway.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.grpc.Protos;
import im.relay.common.outbox.Topics;
import im.relay.messagegateway.chat.ChatMessage;
import im.relay.messagegateway.chat.MessageMapper;
import im.relay.messagegateway.cluster.Push;
import im.relay.messagegateway.cluster.SessionRef;
import im.relay.messagegateway.cluster.Source;
import im.relay.messagegateway.frame.Frames;
import im.relay.messagegateway.frame.FriendRequestView;
import im.relay.messagegateway.frame.GroupView;
import im.relay.proto.events.v1.FriendEvent;
import im.relay.proto.events.v1.GroupEvent;
import im.relay.proto.events.v1.MessageEvent;
import im.relay.proto.events.v1.SessionEvent;
import im.relay.proto.friend.v1.FriendRequest;
import im.relay.proto.group.v1.Group;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/** Kafka events as frames for users (API.md, WebSocket: server → client), or as sessions to close. */
final class EventFrameMapper {

    /** What one event asks for: frames to push, sessions to close with 4002 (revoked) or 4001 (kicked). */
    record Effects(List<Push> pushes, List<SessionRef> revoked, List<SessionRef> kicked) {
        static final Effects NONE = new Effects(List.of(), List.of(), List.of());

        static Effects push(Push push) {
            return new Effects(List.of(push), List.of(), List.of());
        }
    }

    private EventFrameMapper() {}

    /**
     * The same on the node that consumes a record and on a node that another node asks to push it (its pushes name
     * the record as their source, never their frame; cluster/Source).
     */
    static Effects map(ConsumerRecord<String, byte[]> record) throws InvalidProtocolBufferException {
        Source.Event source = new Source.Event(record.topic(), record.partition(), record.offset());
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        return switch (record.topic()) {
            case Topics.MESSAGES -> message(MessageEvent.parseFrom(payload), source);
            case Topics.FRIENDS -> friend(FriendEvent.parseFrom(payload), source);
            case Topics.GROUPS -> group(GroupEvent.parseFrom(payload), source);
            case Topics.SESSIONS -> session(SessionEvent.parseFrom(payload));
            default -> Effects.NONE;
        };
    }

    static Effects message(MessageEvent event, Source source) {
        Set<String> recipients = Set.copyOf(event.getRecipientIdsList());
        String origin = event.getOriginSessionId().isEmpty() ? null : event.getOriginSessionId();
        return switch (event.getEventCase()) {
            case CREATED -> {
                ChatMessage message = MessageMapper.toChatMessage(event.getCreated());
                yield Effects.push(new Push(recipients, origin, Frames.message(message), source, message.sentAt()));
            }
            case RECALLED ->
                Effects.push(new Push(
                        recipients,
                        origin,
                        Frames.recalled(
                                event.getRecalled().getConversationId(),
                                event.getRecalled().getMessageId(),
                                event.getRecalled().getByUserId()),
                        source,
                        null));
            case EDITED ->
                Effects.push(new Push(
                        recipients,
                        origin,
                        Frames.edited(
                                MessageMapper.toChatMessage(event.getEdited().getMessage())),
                        source,
                        null));
            case REACTION ->
                Effects.push(new Push(
                        recipients,
                        origin,
                        Frames.reaction(
                                event.getReaction().getUserId(),
                                event.getReaction().getEmoji(),
                                event.getReaction().getAdded(),
                                MessageMapper.toChatMessage(event.getReaction().getMessage())),
                        source,
                        null));
            case READ ->
                Effects.push(new Push(
                        recipients,
                        origin,
                        Frames.read(
                                event.getRead().getConversationId(),
                                event.getRead().getUserId(),
                                event.getRead().getSeq()),
                        source,
                        null));
            case EVENT_NOT_SET -> Effects.NONE;
        };
    }

    static Effects friend(FriendEvent event, Source source) {
        return switch (event.getEventCase()) {
            case REQUEST_SENT -> {
                FriendRequest request = event.getRequestSent();
                yield notify(
                        Set.of(request.getToUserId()), "FRIEND_REQUEST", data("request", requestView(request)), source);
            }
            case ACCEPTED ->
                notify(
                        Set.of(event.getAccepted().getOtherId()),
                        "FRIEND_ACCEPTED",
                        data("userId", event.getAccepted().getActorId()),
                        source);
            case DELETED ->
                notify(
                        Set.of(event.getDeleted().getOtherId()),
                        "FRIEND_DELETED",
                        data("userId", event.getDeleted().getActorId()),
                        source);
            // a block tells nobody; the caches drop the pair (CacheEventListener)
            case BLOCKED, UNBLOCKED, EVENT_NOT_SET -> Effects.NONE;
        };
    }

    static Effects group(GroupEvent event, Source source) {
        Set<String> told = Set.copyOf(event.getRecipientIdsList());
        String groupId = event.getGroupId();
        return switch (event.getEventCase()) {
            case INVITED ->
                notify(
                        told,
                        "GROUP_INVITED",
                        data("group", groupView(event.getInvited().getGroup())),
                        source);
            case MEMBERS_JOINED ->
                notify(
                        told,
                        "GROUP_MEMBER_JOINED",
                        data(
                                "groupId",
                                groupId,
                                "userIds",
                                event.getMembersJoined().getUserIdsList()),
                        source);
            case MEMBER_LEFT ->
                notify(
                        told,
                        "GROUP_MEMBER_LEFT",
                        data("groupId", groupId, "userId", event.getMemberLeft().getUserId()),
                        source);
            case MEMBER_REMOVED ->
                notify(
                        told,
                        "GROUP_MEMBER_REMOVED",
                        data(
                                "groupId",
                                groupId,
                                "userId",
                                event.getMemberRemoved().getUserId()),
                        source);
            case UPDATED ->
                notify(
                        told,
                        "GROUP_UPDATED",
                        data("group", groupView(event.getUpdated().getGroup())),
                        source);
            case DISMISSED -> notify(told, "GROUP_DISMISSED", data("groupId", groupId), source);
            case ROLE_CHANGED ->
                notify(
                        told,
                        "GROUP_ROLE_CHANGED",
                        data(
                                "groupId",
                                groupId,
                                "userId",
                                event.getRoleChanged().getUserId(),
                                "role",
                                withoutPrefix(event.getRoleChanged().getRole().name(), "ROLE_")),
                        source);
            case MEMBER_MUTED, EVENT_NOT_SET -> Effects.NONE;
        };
    }

    static Effects session(SessionEvent event) {
        SessionRef session = new SessionRef(event.getUserId(), event.getSessionId());
        return switch (event.getEventCase()) {
            case REVOKED -> new Effects(List.of(), List.of(session), List.of());
            // a login replaced it (API.md: kicked, then 4001), even before the new session opens a socket
            case REPLACED -> new Effects(List.of(), List.of(), List.of(session));
            case EVENT_NOT_SET -> Effects.NONE;
        };
    }

    private static Effects notify(Set<String> userIds, String event, Map<String, Object> data, Source source) {
        return userIds.isEmpty()
                ? Effects.NONE
                : Effects.push(new Push(Set.copyOf(userIds), null, Frames.notification(event, data), source, null));
    }

    /** An ordered map of name, value pairs, so that the JSON reads as in API.md. */
    private static Map<String, Object> data(Object... namesAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            data.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return data;
    }

    private static FriendRequestView requestView(FriendRequest request) {
        return new FriendRequestView(
                request.getId(),
                request.getFromUserId(),
                request.getToUserId(),
                request.getMessage(),
                withoutPrefix(request.getStatus().name(), "REQUEST_STATUS_"),
                request.hasCreatedAt() ? Protos.instant(request.getCreatedAt()) : null);
    }

    private static GroupView groupView(Group group) {
        return new GroupView(
                group.getId(),
                group.getName(),
                group.getDescription(),
                group.getAvatarUrl(),
                group.getOwnerId(),
                group.getMemberCount(),
                group.getMutedAll(),
                group.hasCreatedAt() ? Protos.instant(group.getCreatedAt()) : null,
                group.hasUpdatedAt() ? Protos.instant(group.getUpdatedAt()) : null);
    }

    private static @Nullable String withoutPrefix(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
