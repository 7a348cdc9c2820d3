package im.relay.auth.session;

import static im.relay.common.grpc.Protos.timestamp;

import im.relay.common.id.Ids;
import im.relay.common.outbox.Outbox;
import im.relay.common.outbox.Topics;
import im.relay.proto.events.v1.SessionEvent;
import im.relay.proto.events.v1.SessionReplaced;
import im.relay.proto.events.v1.SessionRevoked;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Ended sessions as SessionEvents on {@code relay.sessions} (key = user id), written to the outbox in the same
 * transaction, so that the message gateway closes the session's sockets (4002) as surely as the REST calls stop.
 */
@Component
class SessionEventPublisher {

    private final Outbox outbox;

    SessionEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    void revoked(UUID userId, UUID sessionId, String reason, Instant at) {
        SessionEvent event = SessionEvent.newBuilder()
                .setEventId(Ids.newId())
                .setOccurredAt(timestamp(at))
                .setUserId(userId.toString())
                .setSessionId(sessionId.toString())
                .setRevoked(SessionRevoked.newBuilder().setReason(reason))
                .build();
        outbox.add(Topics.SESSIONS, userId.toString(), event.toByteArray());
    }

    /** A new login on the same platform ended the session: its sockets get {@code kicked} and close 4001. */
    void replaced(UUID userId, UUID sessionId, UUID bySessionId, Instant at) {
        SessionEvent event = SessionEvent.newBuilder()
                .setEventId(Ids.newId())
                .setOccurredAt(timestamp(at))
                .setUserId(userId.toString())
                .setSessionId(sessionId.toString())
                .setReplaced(SessionReplaced.newBuilder().setBySessionId(bySessionId.toString()))
                .build();
        outbox.add(Topics.SESSIONS, userId.toString(), event.toByteArray());
    }
}
