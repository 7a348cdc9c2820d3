package im.relay.messagestore.send;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.id.Ids;
import im.relay.messagestore.MessageStoreProperties;
import im.relay.messagestore.events.MessageEventPublisher;
import im.relay.messagestore.model.Destination;
import im.relay.messagestore.model.NewMessage;
import im.relay.messagestore.model.StoredMessage;
import im.relay.messagestore.tables.ConversationRepository;
import im.relay.messagestore.tables.CursorRepository;
import im.relay.messagestore.tables.MessageRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits sends in batches: whatever queued up while the previous batch was committing goes into the next
 * transaction (up to {@code batchSize}), which looks up retried client ids, advances each conversation's max seq,
 * inserts the messages, moves the senders' read cursors and writes the outbox events. A send completes only after
 * its batch committed: an ack means durable.
 */
public class MessageBatcher implements SmartLifecycle {

    /** The stored message; {@code created} is false when the client id repeated an earlier send. */
    record SendResult(StoredMessage message, boolean created) {}

    private record Pending(NewMessage message, CompletableFuture<SendResult> result) {}

    /** Queued by a stop behind the sends already queued, to wake a writer that waits for one. */
    private static final Pending STOP = new Pending(null, null);

    private static final Logger log = LoggerFactory.getLogger(MessageBatcher.class);

    private final MessageRepository messageRepository;
    private final ConversationRepository conversationRepository;
    private final CursorRepository cursorRepository;
    private final MessageEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MessageStoreProperties properties;
    /** One queue per writer; a conversation always goes to the same one, so its messages commit in send order. */
    private final List<BlockingQueue<Pending>> queues = new ArrayList<>();

    private final List<Thread> writers = new ArrayList<>();
    private final DistributionSummary batchSizes;
    private final Counter accepted;
    private final Timer commits;
    private volatile boolean running;

    public MessageBatcher(
            MessageRepository messageRepository,
            ConversationRepository conversationRepository,
            CursorRepository cursorRepository,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            Clock clock,
            MessageStoreProperties properties,
            MeterRegistry meters) {
        this.messageRepository = messageRepository;
        this.conversationRepository = conversationRepository;
        this.cursorRepository = cursorRepository;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
        this.properties = properties;
        for (int i = 0; i < properties.writers(); i++) {
            queues.add(new ArrayBlockingQueue<>(Math.max(1, properties.queueCapacity() / properties.writers())));
        }
        this.batchSizes = DistributionSummary.builder("relay.messages.batch.size")
                .description("Messages committed per PostgreSQL transaction")
                .publishPercentileHistogram()
                .register(meters);
        this.accepted = Counter.builder("relay.messages.accepted")
                .description("Messages committed (acked)")
                .register(meters);
        this.commits = Timer.builder("relay.messages.batch.commit")
                .description("Time to commit one batch")
                .publishPercentileHistogram()
                .register(meters);
        meters.gauge(
                "relay.messages.batch.queue",
                queues,
                all -> all.stream().mapToInt(BlockingQueue::size).sum());
    }

    /** Queues a send; the future completes once it is committed, or fails with a RelayException. */
    CompletableFuture<SendResult> submit(NewMessage message) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        BlockingQueue<Pending> queue =
                queues.get(Math.floorMod(message.destination().conversationId().hashCode(), queues.size()));
        if (!running || !queue.offer(new Pending(message, result))) {
            result.completeExceptionally(new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "too busy to accept sends"));
        }
        return result;
    }

    private void write(BlockingQueue<Pending> queue) {
        List<Pending> batch = new ArrayList<>(properties.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                // idle, a writer sleeps until a send, or the stop's marker, arrives
                batch.add(queue.take());
                queue.drainTo(batch, properties.batchSize() - 1);
                batch.removeIf(pending -> pending == STOP);
                if (!batch.isEmpty()) {
                    commit(batch, true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Commits a batch; when that fails, each of its messages once more in a transaction of its own. A retried send
     * racing its original (on another writer or instance) fails the first time with a duplicate key and finds the
     * original the second time; one bad message no longer fails the others.
     */
    private void commit(List<Pending> batch, boolean firstTry) {
        try {
            List<SendResult> results = commits.record(() -> transaction.execute(status -> store(batch)));
            batchSizes.record(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException e) {
            if (firstTry) {
                log.debug("A batch of {} failed ({}); committing its messages one by one", batch.size(), e.toString());
                batch.forEach(pending -> commit(List.of(pending), false));
            } else {
                log.warn("A message could not be stored", e);
                batch.getFirst()
                        .result()
                        .completeExceptionally(new RelayException(
                                ErrorCode.SERVICE_UNAVAILABLE, "the message could not be stored", e));
            }
        }
    }

    private List<SendResult> store(List<Pending> batch) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<NewMessage.Key, StoredMessage> stored = new HashMap<>(messageRepository.findByClientIds(
                batch.stream().map(p -> p.message().key()).toList()));
        Map<NewMessage.Key, NewMessage> fresh = new LinkedHashMap<>();
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (Pending pending : batch) {
            NewMessage message = pending.message();
            if (!stored.containsKey(message.key()) && fresh.putIfAbsent(message.key(), message) == null) {
                counts.merge(message.destination().conversationId(), 1, Integer::sum);
            }
        }
        if (!fresh.isEmpty()) {
            insert(fresh.values(), counts, now)
                    .forEach(created -> stored.put(key(created.message()), created.message()));
        }
        List<SendResult> results = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            NewMessage.Key key = pending.message().key();
            results.add(new SendResult(stored.get(key), fresh.remove(key) != null));
        }
        return results;
    }

    private List<MessageEventPublisher.Created> insert(
            Iterable<NewMessage> fresh, TreeMap<String, Integer> counts, Instant now) {
        Map<String, Long> next = new HashMap<>();
        conversationRepository
                .advance(counts, now)
                .forEach((conversation, max) -> next.put(conversation, max - counts.get(conversation) + 1));
        List<StoredMessage> messages = new ArrayList<>();
        List<MessageEventPublisher.Created> created = new ArrayList<>();
        TreeMap<CursorRepository.CursorKey, Long> cursors = new TreeMap<>();
        for (NewMessage message : fresh) {
            Destination to = message.destination();
            long seq = next.merge(to.conversationId(), 1L, Long::sum) - 1;
            StoredMessage stored = new StoredMessage(
                    Ids.newUuid(),
                    to.conversationId(),
                    to.type(),
                    message.senderId(),
                    to.receiverId(),
                    to.groupId(),
                    seq,
                    message.clientMsgId(),
                    message.contentType(),
                    message.content(),
                    now,
                    false,
                    null,
                    0,
                    List.of(),
                    message.replyTo(),
                    message.mentions(),
                    message.mentionsAll());
            messages.add(stored);
            created.add(new MessageEventPublisher.Created(stored, to.recipients(), message.originSessionId()));
            // Sending moves the sender's cursor to the message; a private peer gets a cursor (at 0) with the first one.
            cursors.merge(new CursorRepository.CursorKey(message.senderId(), to.conversationId()), seq, Math::max);
            if (to.receiverId() != null) {
                cursors.merge(new CursorRepository.CursorKey(to.receiverId(), to.conversationId()), 0L, Math::max);
            }
        }
        messageRepository.insert(messages);
        cursorRepository.raiseCursors(cursors);
        events.created(created, now);
        accepted.increment(messages.size());
        return created;
    }

    private static NewMessage.Key key(StoredMessage message) {
        return new NewMessage.Key(message.senderId(), message.clientMsgId());
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<Pending> queue = queues.get(i);
            writers.add(Thread.ofPlatform().name("relay-message-writer-" + i).start(() -> write(queue)));
        }
    }

    /** Stops taking sends and commits what is queued before returning. */
    @Override
    public void stop() {
        running = false;
        if (writers.isEmpty()) {
            return;
        }
        try {
            for (BlockingQueue<Pending> queue : queues) {
                queue.put(STOP); // a full queue has a busy writer, which makes room
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Thread writer : writers) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
