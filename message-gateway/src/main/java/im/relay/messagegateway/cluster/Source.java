package im.relay.messagegateway.cluster;

/**
 * What a push is made from, as one node names it to another in a Deliver: never the frame itself. The receiving node
 * makes the frame again from its source and checks each target session against it, so that a caller holding the
 * cluster secret cannot put a frame of its own making (a message with a made-up sender) into a socket.
 */
public sealed interface Source {

    /** A record of an event topic, written by a service: the receiving node reads it from Kafka itself. */
    record Event(String topic, int partition, long offset) implements Source {

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /** A user typing in a conversation: a client's typing frame on the calling node. */
    record Typing(String conversationId, String userId) implements Source {}

    /** A user came online or went offline. */
    record Presence(String userId, boolean online) implements Source {}
}
