package im.relay.common.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's HTTP callbacks ({@code relay.webhooks.*}, docs/webhooks.md); read live, so a refreshed
 * configuration turns a hook on, off or elsewhere without a restart.
 *
 * @param secret the shared key every call is signed with (HMAC-SHA256); required once a hook is configured
 * @param beforeSend the synchronous check of each message before it is stored
 * @param afterSend the notice of each stored message (the hook for offline push)
 * @param events the notices of account, friendship and group changes ({@code user.*}, {@code friend.*},
 *     {@code group.*}), each posted by the service that owns it
 * @param retry how an after-event call that failed is tried again
 */
public record WebhookProperties(
        @DefaultValue("") String secret,
        @Valid @DefaultValue BeforeSend beforeSend,
        @Valid @DefaultValue AfterSend afterSend,
        @Valid @DefaultValue Events events,
        @Valid @DefaultValue Retry retry) {

    /**
     * @param url where each send is posted for a verdict; none = no hook, and no cost on the send path
     * @param timeout how long a send waits for the verdict
     * @param failOpen what a send does when the receiver fails or does not answer in time: stored as sent
     *     ({@code true}) or refused as SERVICE_UNAVAILABLE ({@code false})
     */
    public record BeforeSend(
            @Nullable URI url,
            @DefaultValue("1s") Duration timeout,
            @DefaultValue("true") boolean failOpen) {

        public boolean enabled() {
            return url != null;
        }
    }

    /**
     * @param url where each stored message is posted; none = no call (the listener itself runs only when a URL is
     *     set at startup)
     * @param timeout how long one call waits for its answer
     */
    public record AfterSend(
            @Nullable URI url, @DefaultValue("5s") Duration timeout) {

        public boolean enabled() {
            return url != null;
        }
    }

    /**
     * @param url where user-service, friend-service and group-service post their changes; none = no call (each
     *     service's listener runs only when a URL is set at startup)
     * @param timeout how long one call waits for its answer
     */
    public record Events(
            @Nullable URI url, @DefaultValue("5s") Duration timeout) {

        public boolean enabled() {
            return url != null;
        }
    }

    /**
     * @param retries how many more times a failed call is made before the event is dropped (counted and logged)
     * @param backoff the wait before the first retry, doubled before each next one
     * @param maxBackoff the longest wait between two tries
     */
    public record Retry(
            @Min(0) @Max(10) @DefaultValue("4") int retries,
            @DefaultValue("1s") Duration backoff,
            @DefaultValue("30s") Duration maxBackoff) {}

    @AssertTrue(message = "must be set when a webhook URL is")
    boolean isSecretSetWhenNeeded() {
        return !(beforeSend.enabled() || afterSend.enabled() || events.enabled()) || !secret.isBlank();
    }

    /** A partition waits while one event is retried: all tries must end well within Kafka's max.poll.interval. */
    @AssertTrue(
            message = "(retry.retries + 1) × (after-send.timeout or events.timeout, the longer, + retry.max-backoff)"
                    + " must stay under 4 minutes")
    boolean isRetryWithinPollInterval() {
        Duration timeout =
                afterSend.timeout().compareTo(events.timeout()) >= 0 ? afterSend.timeout() : events.timeout();
        return timeout.plus(retry.maxBackoff())
                        .multipliedBy(retry.retries() + 1L)
                        .compareTo(Duration.ofMinutes(4))
                < 0;
    }

    @Override
    public String toString() { // the live configuration logs changes: never the secret
        return "WebhookProperties[secret=" + (secret.isBlank() ? "" : "***") + ", beforeSend=" + beforeSend
                + ", afterSend=" + afterSend + ", events=" + events + ", retry=" + retry + "]";
    }
}
