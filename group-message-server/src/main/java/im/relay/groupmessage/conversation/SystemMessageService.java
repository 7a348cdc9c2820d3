package im.relay.groupmessage.conversation;

import im.relay.messagestore.cursors.CursorService;
import im.relay.messagestore.model.ContentType;
import im.relay.messagestore.model.Destination;
import im.relay.messagestore.model.NewMessage;
import im.relay.messagestore.send.SendService;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SYSTEM lines that group changes put into the group's stream (member joined, left, removed; group updated).
 * Each takes a seq like any message. Its client id is made from the event id, so an event read twice (Kafka
 * delivers at least once) still makes one line. The content is a small JSON object for clients to render:
 * {@code {"event":"MEMBER_JOINED","by":actorId,"userIds":[…]}}.
 */
@Service
class SystemMessageService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SendService messages;
    private final CursorService cursors;

    SystemMessageService(SendService messages, CursorService cursors) {
        this.messages = messages;
        this.cursors = cursors;
    }

    /** New members start reading at the line that says they joined. */
    void joined(String eventId, UUID groupId, UUID actor, List<UUID> joined, Collection<UUID> members) {
        Map<String, Object> content = content("MEMBER_JOINED", actor);
        content.put("userIds", joined.stream().map(UUID::toString).toList());
        long seq = write(eventId, groupId, actor, members, content);
        cursors.startAt(Destination.group(groupId, List.of()).conversationId(), joined, seq - 1);
    }

    void left(String eventId, UUID groupId, UUID user, Collection<UUID> told) {
        Map<String, Object> content = content("MEMBER_LEFT", user);
        content.put("userId", user.toString());
        write(eventId, groupId, user, told, content);
    }

    void removed(String eventId, UUID groupId, UUID actor, UUID user, Collection<UUID> told) {
        Map<String, Object> content = content("MEMBER_REMOVED", actor);
        content.put("userId", user.toString());
        write(eventId, groupId, actor, told, content);
    }

    void updated(String eventId, UUID groupId, UUID actor, String name, boolean mutedAll, Collection<UUID> members) {
        Map<String, Object> content = content("GROUP_UPDATED", actor);
        content.put("name", name);
        content.put("mutedAll", mutedAll);
        write(eventId, groupId, actor, members, content);
    }

    private static Map<String, Object> content(String event, UUID actor) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("event", event);
        content.put("by", actor.toString());
        return content;
    }

    private long write(String eventId, UUID groupId, UUID actor, Collection<UUID> told, Map<String, Object> content) {
        NewMessage line = new NewMessage(
                Destination.group(groupId, List.copyOf(told)),
                actor,
                "sys:" + eventId,
                ContentType.SYSTEM,
                JSON.writeValueAsString(content),
                "");
        return messages.sendAsServer(line).message().seq();
    }
}
