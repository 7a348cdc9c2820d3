package im.relay.group.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.outbox.Topics;
import im.relay.group.membership.MembershipCache;
import im.relay.proto.events.v1.GroupEvent;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Every instance reads every group event (a consumer group of its own) to drop that group's cached membership. */
@Component
class GroupEventListener {

    private static final Logger log = LoggerFactory.getLogger(GroupEventListener.class);

    private final MembershipCache cache;

    GroupEventListener(MembershipCache cache) {
        this.cache = cache;
    }

    @KafkaListener(topics = Topics.GROUPS, groupId = "${spring.application.name}-cache-${random.uuid}")
    void onEvent(byte[] payload) {
        try {
            cache.forget(UUID.fromString(GroupEvent.parseFrom(payload).getGroupId()));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            log.warn("Skipping a malformed group event: {}", e.getMessage());
        }
    }
}
