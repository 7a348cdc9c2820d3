package im.relay.client.bench;

import im.relay.client.ChatConnection;
import im.relay.client.ChatListener;
import im.relay.client.FriendRequest;
import im.relay.client.Group;
import im.relay.client.HttpRelayClient;
import im.relay.client.Message;
import im.relay.client.RelayClient;
import im.relay.client.RelayException;
import im.relay.client.User;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The users and conversations of a run, made fresh on the server: accounts registered under a prefix of their own,
 * private pairs befriended, groups created, and one connection per user. Setup calls refused with 429 RATE_LIMITED
 * (the gateway limits registration per client address: 5, then one per 10 s) wait as told and try again; the waits
 * are counted, so the report can say why setup was slow.
 */
final class BenchWorkload implements AutoCloseable {

    private static final String PASSWORD = "bench-password-1";
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
    private static final int MAX_RATE_LIMITED_ATTEMPTS = 30;

    private final URI server;
    private final Consumer<String> progress;
    private final List<Participant> participants = new ArrayList<>();
    private final List<BenchConversation> conversations = new ArrayList<>();
    private int rateLimitedWaits;
    private Duration rateLimitedTime = Duration.ZERO;

    /** Setup could not be completed; the message says what and why. */
    static final class SetupException extends Exception {
        SetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private BenchWorkload(URI server, Consumer<String> progress) {
        this.server = server;
        this.progress = progress;
    }

    /** Registers the plan's users, befriends its pairs and creates its groups. Closes what it made if it fails. */
    static BenchWorkload create(URI server, WorkloadPlan plan, String prefix, Consumer<String> progress)
            throws SetupException {
        BenchWorkload workload = new BenchWorkload(server, progress);
        try {
            workload.register(plan.users(), prefix);
            workload.befriend(plan.pairs());
            workload.createGroups(plan.groups(), prefix);
            return workload;
        } catch (RelayException e) {
            workload.close();
            throw new SetupException(describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workload.close();
            throw new SetupException("interrupted during setup", e);
        }
    }

    private void register(int users, String prefix) throws InterruptedException {
        progress.accept("registering " + users + " users (" + prefix + "_0 …)");
        for (int i = 0; i < users; i++) {
            String username = prefix + "_" + i;
            RelayClient client = HttpRelayClient.builder(server).build();
            try {
                User user = withBackoff("registration", () -> client.register(username, PASSWORD, username));
                participants.add(new Participant(i, client, user));
            } catch (RuntimeException | InterruptedException e) {
                client.close();
                throw e;
            }
        }
    }

    private void befriend(List<List<Integer>> pairs) throws InterruptedException {
        if (!pairs.isEmpty()) {
            progress.accept("befriending " + pairs.size() + " pairs");
        }
        for (List<Integer> pair : pairs) {
            Participant a = participants.get(pair.get(0));
            Participant b = participants.get(pair.get(1));
            FriendRequest request =
                    withBackoff("friend request", () -> a.client().friends().request(b.id(), "bench"));
            if (!"ACCEPTED".equals(request.status())) {
                withBackoff("friend accept", () -> {
                    b.client().friends().accept(request.id());
                    return null;
                });
            }
            conversations.add(BenchConversation.direct(a, b));
        }
    }

    private void createGroups(List<List<Integer>> groups, String prefix) throws InterruptedException {
        if (!groups.isEmpty()) {
            progress.accept("creating " + groups.size() + " groups");
        }
        for (int g = 0; g < groups.size(); g++) {
            List<Participant> members =
                    groups.get(g).stream().map(participants::get).toList();
            List<String> others = members.stream().skip(1).map(Participant::id).toList();
            String name = prefix + " group " + g;
            Group group = withBackoff(
                    "group creation", () -> members.get(0).client().groups().create(name, "load generator", others));
            conversations.add(BenchConversation.group(group.id(), members));
        }
    }

    /**
     * Opens one connection per user with the listener {@code listeners} gives it, and waits until every one is
     * connected.
     */
    void connect(Function<Participant, ChatListener> listeners, Duration timeout) throws SetupException {
        progress.accept("connecting " + participants.size() + " users");
        CountDownLatch connected = new CountDownLatch(participants.size());
        try {
            for (Participant participant : participants) {
                ChatListener listener = new Connected(listeners.apply(participant), connected);
                ChatConnection connection =
                        withBackoff("connection", () -> participant.client().connect(listener));
                participant.connected(connection);
            }
            if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SetupException(
                        connected.getCount() + " of " + participants.size() + " connections did not open within "
                                + timeout.toSeconds() + " s",
                        null);
            }
        } catch (RelayException e) {
            throw new SetupException(describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted while connecting", e);
        }
    }

    List<Participant> participants() {
        return participants;
    }

    List<BenchConversation> conversations() {
        return conversations;
    }

    /** How often setup was refused with 429 and waited. */
    int rateLimitedWaits() {
        return rateLimitedWaits;
    }

    Duration rateLimitedTime() {
        return rateLimitedTime;
    }

    /** The SDK's repair counters, summed over the open connections. */
    ChatConnection.Stats stats() {
        long reconnects = 0, duplicates = 0, filled = 0, resends = 0;
        for (Participant participant : participants) {
            ChatConnection connection = participant.connection();
            if (connection != null) {
                ChatConnection.Stats stats = connection.stats();
                reconnects += stats.reconnects();
                duplicates += stats.duplicatesDropped();
                filled += stats.gapsFilled();
                resends += stats.resends();
            }
        }
        return new ChatConnection.Stats(reconnects, duplicates, filled, resends);
    }

    /** Closes every connection, then every client. */
    @Override
    public void close() {
        for (Participant participant : participants) {
            ChatConnection connection = participant.connection();
            if (connection != null) {
                connection.close();
            }
        }
        participants.forEach(participant -> participant.client().close());
    }

    private <T> T withBackoff(String what, Supplier<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RelayException e) {
                if (!"RATE_LIMITED".equals(e.code()) || attempt >= MAX_RATE_LIMITED_ATTEMPTS) {
                    throw e;
                }
                Duration wait = e.retryAfter() == null ? DEFAULT_RETRY_AFTER : e.retryAfter();
                if (rateLimitedWaits == 0) {
                    progress.accept("the server rate-limits " + what + " from this address: waiting " + wait.toSeconds()
                            + " s per refusal (setup will be slower)");
                }
                rateLimitedWaits++;
                rateLimitedTime = rateLimitedTime.plus(wait);
                Thread.sleep(wait);
            }
        }
    }

    private static String describe(RelayException e) {
        if (e.status() == -1) {
            return "cannot reach the server: " + e.getMessage();
        }
        return "setup failed: " + e.getMessage() + (e.status() > 0 ? " (HTTP " + e.status() + ")" : "");
    }

    /** Passes everything on, and counts the connection in when it is first connected (not again on reconnects). */
    private static final class Connected implements ChatListener {
        private final ChatListener delegate;
        private final CountDownLatch latch;
        private final AtomicBoolean counted = new AtomicBoolean();

        Connected(ChatListener delegate, CountDownLatch latch) {
            this.delegate = delegate;
            this.latch = latch;
        }

        @Override
        public void onMessage(Message message) {
            delegate.onMessage(message);
        }

        @Override
        public void onStateChanged(ChatConnection.State state) {
            if (state == ChatConnection.State.CONNECTED && counted.compareAndSet(false, true)) {
                latch.countDown();
            }
            delegate.onStateChanged(state);
        }

        @Override
        public void onClosed(String code, String reason) {
            delegate.onClosed(code, reason);
        }
    }
}
