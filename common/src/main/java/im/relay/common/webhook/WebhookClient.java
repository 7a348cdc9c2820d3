package im.relay.common.webhook;

import im.relay.common.id.Ids;
import im.relay.common.json.RelayJson;
import im.relay.common.json.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts signed webhook calls with the JDK's HttpClient. A call's body is
 * {@code {"id", "type", "timestamp", "data"}}, signed in {@value WebhookSignature#HEADER}; the event type and id also
 * travel as {@code Relay-Event} and {@code Relay-Event-Id}. Counts calls as {@code relay.webhooks.calls{event,outcome}}
 * and times them as {@code relay.webhooks.latency{event}}. Thread-safe; callers block (virtual threads, or a Kafka
 * listener whose partition waits for its event).
 */
public class WebhookClient {

    /** A receiver's answer to a call: a 2xx status and its body (empty for 204). */
    public record Reply(int status, byte[] body) {}

    /** A call that got no 2xx answer in time; {@code outcome} is the metric tag (timeout, error, status-5xx ...). */
    public static final class WebhookFailure extends Exception {
        private final String outcome;

        WebhookFailure(String outcome, String message, Throwable cause) {
            super(message, cause);
            this.outcome = outcome;
        }

        public String outcome() {
            return outcome;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WebhookClient.class);
    private static final JsonMapper JSON =
            RelayJson.configure(JsonMapper.builder()).build();

    private final HttpClient http;
    private final Clock clock;
    private final MeterRegistry meters;

    public WebhookClient(Clock clock, MeterRegistry meters) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.clock = clock;
        this.meters = meters;
    }

    /** Posts {@code data} as a new event {@code event} to {@code url}, waiting at most {@code timeout}. */
    public Reply call(URI url, String secret, String event, Object data, Duration timeout) throws WebhookFailure {
        return call(url, secret, Ids.newId(), event, data, timeout);
    }

    /**
     * Posts event {@code id} until a 2xx answer, retrying failures with exponential back-off
     * ({@code relay.webhooks.retries{event}}); after the last try the event is dropped: counted as
     * {@code relay.webhooks.dropped{event}}, logged, and answered false. Every try carries the same id, so a receiver
     * can drop repeats.
     */
    public boolean deliver(
            URI url,
            String secret,
            String id,
            String event,
            Object data,
            Duration timeout,
            WebhookProperties.Retry retry) {
        RetryTemplate template = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(retry.retries())
                .delay(retry.backoff())
                .multiplier(2)
                .maxDelay(retry.maxBackoff())
                .build());
        template.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable) {
                Counter.builder("relay.webhooks.retries")
                        .description("Webhook calls made again after a failure")
                        .tag("event", event)
                        .register(meters)
                        .increment();
            }
        });
        try {
            template.execute(() -> call(url, secret, id, event, data, timeout));
            return true;
        } catch (RetryException e) {
            Counter.builder("relay.webhooks.dropped")
                    .description("Webhook events given up after the last retry")
                    .tag("event", event)
                    .register(meters)
                    .increment();
            log.warn(
                    "Dropped webhook event {} {} after {} tries: {}",
                    event,
                    id,
                    e.getRetryCount() + 1,
                    e.getLastException().getMessage());
            return false;
        }
    }

    private Reply call(URI url, String secret, String id, String event, Object data, Duration timeout)
            throws WebhookFailure {
        Instant now = clock.instant();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("type", event);
        envelope.put("timestamp", Timestamps.format(now));
        envelope.put("data", data);
        byte[] body = JSON.writeValueAsBytes(envelope);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Relay-Event", event)
                .header("Relay-Event-Id", id)
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, now.getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        Timer.Sample started = Timer.start(meters);
        String outcome = "error";
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status / 100 != 2) {
                outcome = "status-" + status / 100 + "xx";
                throw new WebhookFailure(outcome, url + " answered " + status, null);
            }
            outcome = "success";
            return new Reply(status, response.body());
        } catch (HttpTimeoutException e) {
            outcome = "timeout";
            throw new WebhookFailure(outcome, url + " did not answer within " + timeout, e);
        } catch (IOException e) {
            throw new WebhookFailure(outcome, url + " could not be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookFailure(outcome, "interrupted", e);
        } finally {
            Counter.builder("relay.webhooks.calls")
                    .description("Webhook calls by event type and outcome (success, timeout, error, status-4xx/5xx)")
                    .tag("event", event)
                    .tag("outcome", outcome)
                    .register(meters)
                    .increment();
            started.stop(Timer.builder("relay.webhooks.latency")
                    .description("Time from a webhook call to its receiver's answer")
                    .tag("event", event)
                    .register(meters));
        }
    }

    /** Reads a receiver's JSON answer as {@code type}. */
    public static <T> T read(Reply reply, Class<T> type) {
        return JSON.readValue(reply.body(), type);
    }
}
