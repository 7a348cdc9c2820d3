package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;

import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A benchmark, not a test: the whole system in this JVM on the real engines (two message-gateway nodes, two of each
 * message server), driven by {@code pairs} pairs of friends over WebSockets, each sender on one node and its peer on
 * the other, sending closed-loop (the next message once the last is acked). Prints the sustained private-message
 * throughput, send→ack and send→deliver latency percentiles, and checks that every conversation arrived complete,
 * in order and without repeats.
 *
 * <pre>{@code
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl gateway-service dependency:build-classpath -Dmdep.outputFile=$PWD/cp.txt -Dmdep.includeScope=test
 * java -cp "gateway-service/target/test-classes:gateway-service/target/classes:$(cat cp.txt)" \
 *     im.relay.gateway.MessagingBenchmark 50 20     # pairs, seconds
 * }</pre>
 */
public final class MessagingBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MessagingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.setProperty("logging.level.root", "warn");
        for (String limit : new String[] {"global", "per-ip"}) {
            System.setProperty("relay.gateway.rate-limits." + limit + ".rate", "1000000");
            System.setProperty("relay.gateway.rate-limits." + limit + ".burst", "1000000");
        }
        RelaySystem system = RelaySystem.start();
        URI gateway = URI.create("http://127.0.0.1:" + TestServices.httpPort(system.gateway));

        Recorder ack = new Recorder(3);
        Recorder deliver = new Recorder(3);
        Map<String, List<Long>> seqsByConversation = new ConcurrentHashMap<>();
        AtomicLong delivered = new AtomicLong();
        List<Sender> senders = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String[] alice = register(gateway, i * 2);
            String[] bob = register(gateway, i * 2 + 1);
            befriend(gateway, i, alice, bob);
            Receiver receiver = new Receiver(deliver, seqsByConversation, delivered);
            connect(system, 1, bob[1], receiver);
            Sender sender = new Sender(bob[0], ack);
            sender.socket = connect(system, 0, alice[1], sender);
            senders.add(sender);
        }
        System.out.printf("%d pairs connected (%d sockets); sending for %d s%n", pairs, pairs * 2, seconds);

        senders.forEach(Sender::next); // warm-up
        Thread.sleep(3000);
        ack.getIntervalHistogram();
        deliver.getIntervalHistogram();
        long deliveredBefore = delivered.get();
        long ackedBefore = senders.stream().mapToLong(s -> s.acked.get()).sum();
        long started = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        double elapsed = (System.nanoTime() - started) / 1e9;
        long acked = senders.stream().mapToLong(s -> s.acked.get()).sum() - ackedBefore;
        long arrived = delivered.get() - deliveredBefore;
        Histogram acks = ack.getIntervalHistogram();
        Histogram deliveries = deliver.getIntervalHistogram();
        senders.forEach(s -> s.stopping = true);
        Thread.sleep(3000);

        System.out.printf("acked     %,d messages in %.1f s = %,.0f msg/s%n", acked, elapsed, acked / elapsed);
        System.out.printf("delivered %,d messages in %.1f s = %,.0f msg/s%n", arrived, elapsed, arrived / elapsed);
        print("send→ack    ", acks);
        print("send→deliver", deliveries);
        long complete = seqsByConversation.values().stream()
                .filter(MessagingBenchmark::isOneToN)
                .count();
        long sentTotal = senders.stream().mapToLong(s -> s.acked.get()).sum();
        System.out.printf(
                "conversations complete, in order, without repeats: %d of %d; acked %,d, delivered %,d%n",
                complete, seqsByConversation.size(), sentTotal, delivered.get());
        System.exit(complete == pairs && sentTotal == delivered.get() ? 0 : 1);
    }

    private static boolean isOneToN(List<Long> seqs) {
        for (int i = 0; i < seqs.size(); i++) {
            if (seqs.get(i) != i + 1) {
                return false;
            }
        }
        return true;
    }

    private static void print(String name, Histogram h) {
        System.out.printf(
                "%s p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n",
                name,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6);
    }

    /** Registers a user through the gateway: {id, accessToken}. */
    private static String[] register(URI gateway, int n) {
        ApiClient.Reply reply = new ApiClient(gateway)
                .withHeader("X-Forwarded-For", "198.18." + (n / 250) + "." + (n % 250 + 1))
                .post(
                        "/api/auth/register",
                        json(
                                "username",
                                "bench_" + UUID.randomUUID().toString().substring(0, 8),
                                "password",
                                "password1"));
        JsonNode body = reply.json();
        return new String[] {
            body.get("user").get("id").asString(), body.get("accessToken").asString()
        };
    }

    private static void befriend(URI gateway, int n, String[] a, String[] b) {
        ApiClient client =
                new ApiClient(gateway).withHeader("X-Forwarded-For", "198.19." + (n / 250) + "." + (n % 250 + 1));
        client.withToken(a[1]).post("/api/friends/requests", json("userId", b[0]));
        client.withToken(b[1]).post("/api/friends/requests", json("userId", a[0]));
    }

    private static WebSocket connect(RelaySystem system, int node, String token, WebSocket.Listener listener) {
        int port = TestServices.httpPort(system.messageGateways.get(node));
        return HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), listener)
                .join();
    }

    /** Text frames, reassembled. */
    private abstract static class Frames implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = JSON.readTree(partial.toString());
                partial.setLength(0);
                onFrame(frame);
            }
            socket.request(1);
            return null;
        }

        abstract void onFrame(JsonNode frame);
    }

    /** Sends the next message once the last one is acked; the content carries its send time. */
    private static final class Sender extends Frames {
        private final String peer;
        private final Recorder ack;
        private final AtomicLong acked = new AtomicLong();
        private volatile WebSocket socket;
        private volatile boolean stopping;
        private long sentAt;

        Sender(String peer, Recorder ack) {
            this.peer = peer;
            this.ack = ack;
        }

        void next() {
            if (stopping) {
                return;
            }
            sentAt = System.nanoTime();
            socket.sendText(
                    json(
                            "type",
                            "send",
                            "id",
                            UUID.randomUUID().toString(),
                            "conversationType",
                            "PRIVATE",
                            "to",
                            peer,
                            "contentType",
                            "TEXT",
                            "content",
                            Long.toString(sentAt)),
                    true);
        }

        @Override
        void onFrame(JsonNode frame) {
            if ("ack".equals(frame.path("type").asString())) {
                ack.recordValue(System.nanoTime() - sentAt);
                acked.incrementAndGet();
                next();
            } else if ("error".equals(frame.path("type").asString())) {
                System.err.println("error: " + frame);
                next();
            }
        }
    }

    /** Records when each message arrives, and the seqs of its conversation. */
    private static final class Receiver extends Frames {
        private final Recorder deliver;
        private final Map<String, List<Long>> seqs;
        private final AtomicLong delivered;

        Receiver(Recorder deliver, Map<String, List<Long>> seqs, AtomicLong delivered) {
            this.deliver = deliver;
            this.seqs = seqs;
            this.delivered = delivered;
        }

        @Override
        void onFrame(JsonNode frame) {
            if (!"message".equals(frame.path("type").asString())) {
                return;
            }
            JsonNode message = frame.path("message");
            deliver.recordValue(
                    System.nanoTime() - Long.parseLong(message.path("content").asString()));
            seqs.computeIfAbsent(message.path("conversationId").asString(), id -> new ArrayList<>())
                    .add(message.path("seq").asLong());
            delivered.incrementAndGet();
        }
    }
}
