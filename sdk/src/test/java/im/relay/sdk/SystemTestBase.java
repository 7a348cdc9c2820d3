package im.relay.sdk;

import im.relay.gateway.RelaySystem;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients' end-to-end tests run against every service and the API gateway (one {@link RelaySystem} per JVM, over
 * real ports). The gateway limits registrations per client address and trusts one proxy hop in these tests, so each
 * client poses as an address of its own.
 */
abstract class SystemTestBase {

    static final RelaySystem system = RelaySystem.start();
    static final URI gateway = system.gatewayUri();

    private static final String NETWORK = "10." + ThreadLocalRandom.current().nextInt(256) + ".";
    private static final AtomicInteger hosts = new AtomicInteger();
    private static final AtomicInteger names = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    /** Quick to notice a dead socket or a lost ack, so that the tests need not wait long. */
    static final ChatOptions FAST = ChatOptions.defaults()
            .withAckTimeout(Duration.ofSeconds(1))
            .withHeartbeat(Duration.ofSeconds(1))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));

    static String clientAddress() {
        int host = hosts.incrementAndGet();
        return NETWORK + (host / 250) + "." + (host % 250 + 1);
    }

    static String username(String prefix) {
        return prefix + "_" + RUN + "_" + names.incrementAndGet();
    }

    static HttpRelayClient.Builder builder(URI server) {
        return HttpRelayClient.builder(server)
                .header("X-Forwarded-For", clientAddress())
                .chat(FAST);
    }

    /** A new account, signed in, talking to {@code server}. */
    static HttpRelayClient registered(URI server, String prefix) {
        HttpRelayClient client = builder(server).build();
        client.register(username(prefix), "password-" + prefix, null);
        return client;
    }

    static HttpRelayClient registered(String prefix) {
        return registered(gateway, prefix);
    }

    static void befriend(RelayClient a, RelayClient b) {
        a.friends().request(b.userId(), null);
        FriendRequest request = b.friends().incoming().stream()
                .filter(r -> r.fromUserId().equals(a.userId()))
                .findFirst()
                .orElseThrow();
        b.friends().accept(request.id());
    }
}
