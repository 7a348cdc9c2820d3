package im.relay.common.testing;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An operator's webhook receiver on a real HTTP port (the JDK's HttpServer on port 0): records each call, checks
 * its signature with its own HMAC code, as docs/webhooks.md tells a receiver to, and answers with {@code answer}.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A call as received: its headers, its body, and whether its signature matched the shared secret. */
    public record Call(Headers headers, String body, boolean signedCorrectly) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** What to answer: a status, a body, and how long to wait first. */
    public record Answer(int status, String body, long delayMillis) {
        public static Answer json(String body) {
            return new Answer(200, body, 0);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final String secret;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, Answer> answer = call -> new Answer(204, "", 0);

    public WebhookReceiver(String secret) {
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Call call = new Call(
                    new Headers(exchange.getRequestHeaders()),
                    body,
                    verify(exchange.getRequestHeaders().getFirst("Relay-Signature"), body));
            calls.add(call);
            Answer reply = answer.apply(call);
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    public void answer(Function<Call, Answer> answer) {
        this.answer = answer;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** {@code t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, compared in constant time. */
    private boolean verify(String header, String body) {
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        String timestamp = header.substring(2, header.indexOf(','));
        String signature = header.substring(header.indexOf("v1=") + 3);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            boolean recent = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) <= 300;
            return recent && MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until {@code service}'s webhook listener (consumer group {@code relay-webhooks-<topic>}) holds its partitions: it
     * reads from the latest record, so an event written before then would not be posted.
     */
    public static void awaitListening(ApplicationContext service) {
        KafkaListenerEndpointRegistry listeners = service.getBean(KafkaListenerEndpointRegistry.class);
        await().until(() -> listeners.getListenerContainers().stream()
                .filter(container ->
                        container.getGroupId() != null && container.getGroupId().startsWith("relay-webhooks-"))
                .anyMatch(container -> container.getAssignedPartitions() != null
                        && !container.getAssignedPartitions().isEmpty()));
    }

    /** Sets {@code settings} on a running service as a configuration refresh would (the webhook settings are live). */
    public static void configure(ConfigurableApplicationContext service, Map<String, Object> settings) {
        var sources = service.getEnvironment().getPropertySources();
        sources.remove("webhook-receiver");
        sources.addFirst(new MapPropertySource("webhook-receiver", settings));
        service.publishEvent(new EnvironmentChangeEvent(service, settings.keySet()));
    }

    /** Takes back what {@link #configure} set. */
    public static void unconfigure(ConfigurableApplicationContext service) {
        var removed = service.getEnvironment().getPropertySources().remove("webhook-receiver");
        if (removed != null) {
            service.publishEvent(new EnvironmentChangeEvent(
                    service, java.util.Set.of(((MapPropertySource) removed).getPropertyNames())));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
