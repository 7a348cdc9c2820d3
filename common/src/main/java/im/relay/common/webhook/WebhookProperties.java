package im.relay.common.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
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
 */
public record WebhookProperties(
        @DefaultValue("") String secret,
        @Valid @DefaultValue BeforeSend beforeSend) {

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

    @AssertTrue(message = "must be set when a webhook URL is")
    boolean isSecretSetWhenNeeded() {
        return !beforeSend.enabled() || !secret.isBlank();
    }

    @Override
    public String toString() { // the live configuration logs changes: never the secret
        return "WebhookProperties[secret=" + (secret.isBlank() ? "" : "***") + ", beforeSend=" + beforeSend + "]";
    }
}
