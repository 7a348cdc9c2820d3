package im.relay.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The setup phase, before anything is measured: fresh users registered, friend pairs befriended, the group created,
 * over the public REST API with the JDK's HttpClient, at most {@code concurrency} calls at a time (registration hashes
 * a password: thousands at once would only queue). A 429 is waited out as its Retry-After says and counted, so the
 * report can say why setup was slow; any other refusal ends the run with the server's answer.
 */
final class RestSetup {

    private static final String PASSWORD = "load-password-1";
    private static final int MAX_RATE_LIMITED_ATTEMPTS = 30;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Setup could not be completed; the message says which call and what the server answered. */
    static final class SetupException extends RuntimeException {
        SetupException(String message) {
            super(message);
        }
    }

    private final URI server;
    private final Map<String, String> headers;
    private final int concurrency;
    private final Consumer<String> progress;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger rateLimitedWaits = new AtomicInteger();

    RestSetup(URI server, Map<String, String> headers, int concurrency, Consumer<String> progress) {
        this.server = server;
        this.headers = headers;
        this.concurrency = concurrency;
        this.progress = progress;
    }

    int rateLimitedWaits() {
        return rateLimitedWaits.get();
    }

    /** Registers {@code prefix_0 … prefix_(count-1)}. */
    List<Account> register(int count, String prefix) throws InterruptedException {
        progress.accept("registering " + count + " users (" + prefix + "_0 …)");
        return parallel(count, i -> {
            String username = prefix + "_" + i;
            JsonNode body =
                    call("POST", "/api/auth/register", null, Map.of("username", username, "password", PASSWORD));
            return new Account(
                    username,
                    body.path("user").path("id").asString(),
                    body.path("accessToken").asString());
        });
    }

    /** Befriends accounts 2i and 2i+1: a request, then its acceptance. */
    void befriendPairs(List<Account> accounts) throws InterruptedException {
        progress.accept("befriending " + accounts.size() / 2 + " pairs");
        parallel(accounts.size() / 2, pair -> {
            Account a = accounts.get(2 * pair);
            Account b = accounts.get(2 * pair + 1);
            JsonNode request = call("POST", "/api/friends/requests", a, Map.of("userId", b.userId()));
            if (!"ACCEPTED".equals(request.path("status").asString())) {
                call("POST", "/api/friends/requests/" + request.path("id").asString() + "/accept", b, Map.of());
            }
            return null;
        });
    }

    /** A group owned by the first account with all the others as members; answers its id. */
    String createGroup(List<Account> members, String name) {
        progress.accept("creating a group of " + members.size());
        List<String> others = members.stream().skip(1).map(Account::userId).toList();
        JsonNode group = call("POST", "/api/groups", members.get(0), Map.of("name", name, "memberIds", others));
        return group.path("id").asString();
    }

    private interface Task<T> {
        T run(int i);
    }

    private <T> List<T> parallel(int count, Task<T> task) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                slots.acquire();
                futures.add(executor.submit(() -> {
                    try {
                        return task.run(index);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof SetupException setup
                        ? setup
                        : new SetupException("setup failed: " + e.getCause());
            }
        }
        return results;
    }

    private JsonNode call(String method, String path, Account as, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        if (as != null) {
            request.header("Authorization", "Bearer " + as.accessToken());
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new SetupException("cannot reach " + server + " (" + method + " " + path + "): " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SetupException("interrupted during setup");
            }
            if (response.statusCode() == 429 && attempt < MAX_RATE_LIMITED_ATTEMPTS) {
                if (rateLimitedWaits.getAndIncrement() == 0) {
                    progress.accept("the server rate-limits setup calls (" + path + "): waiting as told; start it"
                            + " with --config scripts/bench-config.yaml to lift the limits for load tests");
                }
                sleep(retryAfterSeconds(response));
                continue;
            }
            if (response.statusCode() / 100 != 2) {
                throw new SetupException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
    }

    /** Retry-After in seconds; the HTTP-date form (which Relay does not send) is read as one second. */
    private static long retryAfterSeconds(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("1");
        return value.matches("\\d{1,6}") ? Long.parseLong(value) : 1;
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted during setup");
        }
    }
}
