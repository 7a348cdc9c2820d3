package im.relay.messagegateway.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.outbox.Topics;
import im.relay.messagegateway.relations.RelationService;
import im.relay.proto.events.v1.FriendEvent;
import im.relay.proto.events.v1.FriendPair;
import im.relay.proto.events.v1.GroupEvent;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Every node reads every friend and group event (a consumer group of its own, from the end, never committed) to drop
 * the answers it cached about the users and groups that changed; the push consumer sees each event on one node only.
 */
@Component
class CacheEventListener {

    private static final Logger log = LoggerFactory.getLogger(CacheEventListener.class);

    private final RelationService relations;
    private final KafkaMessageListenerContainer<String, byte[]> container;

    CacheEventListener(RelationService relations, EventListenerContainers containers) {
        this.relations = relations;
        this.container =
                containers.everything("message-gateway-caches", List.of(Topics.FRIENDS, Topics.GROUPS), this::handle);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        container.start();
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        container.stop();
    }

    private void handle(List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                if (record.topic().equals(Topics.FRIENDS)) {
                    friend(FriendEvent.parseFrom(record.value()));
                } else {
                    GroupEvent event = GroupEvent.parseFrom(record.value());
                    relations.forgetGroup(event.getGroupId(), event.getMembershipVersion());
                }
            } catch (InvalidProtocolBufferException e) {
                log.debug("Skipping a malformed event: {}", e.getMessage());
            }
        }
    }

    private void friend(FriendEvent event) {
        switch (event.getEventCase()) {
            case ACCEPTED -> forget(event.getAccepted());
            case DELETED -> forget(event.getDeleted());
            case BLOCKED -> forget(event.getBlocked());
            case UNBLOCKED -> forget(event.getUnblocked());
            case REQUEST_SENT, EVENT_NOT_SET -> {
                // a pending request changes no audience and no verdict
            }
        }
    }

    private void forget(FriendPair pair) {
        relations.forgetPair(pair.getActorId(), pair.getOtherId());
    }
}
