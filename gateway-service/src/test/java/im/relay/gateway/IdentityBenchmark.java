package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;

import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark, not a test: the identity services and the gateway in this JVM on the real engines, driven by
 * concurrent clients over HTTP. Prints throughput and latency percentiles of an authenticated read through the
 * gateway (token check, rate limits, routing, the service's own token check), of the same read straight at
 * user-service, and of logins (Argon2id-bound).
 *
 * <pre>{@code
 * ./mvnw -q -pl gateway-service -am test-compile
 * java -cp "gateway-service/target/test-classes:gateway-service/target/classes:$(cat cp.txt)" \
 *     im.relay.gateway.IdentityBenchmark [clients] [seconds]
 * }</pre>
 */
public final class IdentityBenchmark {

    private IdentityBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.setProperty("logging.level.root", "warn");
        // measure Relay, not its rate limits
        for (String limit : new String[] {"global", "per-ip"}) {
            System.setProperty("relay.gateway.rate-limits." + limit + ".rate", "1000000");
            System.setProperty("relay.gateway.rate-limits." + limit + ".burst", "1000000");
        }
        RelaySystem system = RelaySystem.start();
        URI gateway = URI.create("http://127.0.0.1:" + TestServices.httpPort(system.gateway));
        URI gatewayManagement = URI.create("http://127.0.0.1:" + TestServices.managementPort(system.gateway));
        URI users = URI.create("http://127.0.0.1:" + TestServices.httpPort(system.users1));

        List<String> tokens = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String name = "bench_" + UUID.randomUUID().toString().substring(0, 8);
            ApiClient.Reply reply = new ApiClient(gateway)
                    .withHeader("X-Forwarded-For", "198.51.100." + (i + 1))
                    .post("/api/auth/register", json("username", name, "password", "password1"));
            tokens.add(reply.json().get("accessToken").asString());
            names.add(name);
        }
        // warm-up
        run(
                "warm-up",
                clients,
                3,
                i -> client(gateway, i).withToken(tokens.get(i)).get("/api/users/me"));
        report(run(
                "GET /actuator/health of the gateway (its management port)",
                clients,
                seconds,
                i -> client(gatewayManagement, i).get("/actuator/health")));
        report(run(
                "GET /api/auth/jwks via gateway",
                clients,
                seconds,
                i -> client(gateway, i).get("/api/auth/jwks")));
        report(run(
                "GET /api/users/me via gateway",
                clients,
                seconds,
                i -> client(gateway, i).withToken(tokens.get(i)).get("/api/users/me")));
        report(run(
                "GET /api/users/me direct",
                clients,
                seconds,
                i -> new ApiClient(users).withToken(tokens.get(i)).get("/api/users/me")));
        report(run(
                "POST /api/auth/login direct",
                clients,
                seconds,
                i -> new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(system.auth)))
                        .post("/api/auth/login", json("username", names.get(i), "password", "password1"))));
        System.exit(0);
    }

    private static ApiClient client(URI gateway, int i) {
        return new ApiClient(gateway).withHeader("X-Forwarded-For", "198.51.100." + (i + 1));
    }

    private interface Call {
        ApiClient.Reply call(int client);
    }

    private record Result(String name, int clients, double seconds, long[] latenciesNanos, long errors) {}

    private static Result run(String name, int clients, int seconds, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> futures = new ArrayList<>();
        long[] errors = new long[1];
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    int status = call.call(client).status();
                    latencies.add(System.nanoTime() - t0);
                    if (status >= 400) {
                        synchronized (errors) {
                            errors[0]++;
                        }
                    }
                }
                return latencies.stream().mapToLong(Long::longValue).toArray();
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> future : futures) {
            for (long latency : future.get()) {
                all.add(latency);
            }
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Result(
                name,
                clients,
                elapsed,
                all.stream().mapToLong(Long::longValue).sorted().toArray(),
                errors[0]);
    }

    private static void report(Result result) {
        long[] l = result.latenciesNanos();
        System.out.printf(
                "%-32s %3d clients  %8.0f req/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  errors %d%n",
                result.name(),
                result.clients(),
                l.length / result.seconds(),
                percentile(l, 50),
                percentile(l, 95),
                percentile(l, 99),
                result.errors());
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
