package im.relay.messagestore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a message server stores messages ({@code relay.messages.*}).
 *
 * @param batchSize most messages committed in one PostgreSQL transaction
 * @param writers threads committing batches; a conversation always goes to the same writer, so its messages commit
 *     in the order they arrived and two writers never wait on each other's row locks
 * @param queueCapacity sends waiting for a batch (shared out among the writers) before new ones are refused with
 *     SERVICE_UNAVAILABLE
 * @param commitTimeout how long a send waits for its batch before it is answered SERVICE_UNAVAILABLE (not acked)
 * @param recallWindow how long a sender may recall a message
 * @param maxTextLength most Unicode code points in a TEXT message
 * @param editWindow how long a sender may edit a TEXT message
 * @param maxReactions most distinct emoji reactions on one message
 */
@ConfigurationProperties("relay.messages")
public record MessageStoreProperties(
        @DefaultValue("500") int batchSize,
        @DefaultValue("2") int writers,
        @DefaultValue("20000") int queueCapacity,
        @DefaultValue("10s") Duration commitTimeout,
        @DefaultValue("120s") Duration recallWindow,
        @DefaultValue("8000") int maxTextLength,
        @DefaultValue("24h") Duration editWindow,
        @DefaultValue("20") int maxReactions) {}
