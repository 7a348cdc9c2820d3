package im.relay.messagegateway.support;

import com.google.protobuf.Timestamp;
import im.relay.proto.events.v1.GroupEvent;
import im.relay.proto.events.v1.MessageEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** Event envelopes as the services publish them, and matchers for the frames they become. */
public final class Events {

    private Events() {}

    public static MessageEvent.Builder messageEvent(String... recipients) {
        return MessageEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now())
                .addAllRecipientIds(List.of(recipients));
    }

    public static GroupEvent.Builder groupEvent(String group, List<String> recipients) {
        return GroupEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now())
                .setGroupId(group)
                .setActorId(recipients.getFirst())
                .addAllRecipientIds(recipients)
                .setMembershipVersion(2);
    }

    public static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder()
                .setSeconds(now.getEpochSecond())
                .setNanos(now.getNano())
                .build();
    }

    public static Predicate<JsonNode> type(String type) {
        return frame -> frame.path("type").asString().equals(type);
    }

    public static Predicate<JsonNode> notification(String event) {
        return frame -> frame.path("type").asString().equals("notification")
                && frame.path("event").asString().equals(event);
    }
}
