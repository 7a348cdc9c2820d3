package im.relay.common.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.config.LiveProperties;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class WebhookSignatureTest {

    private static final Validator validator =
            Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void signsTheTimestampAndBodyAsOpensslDoes() {
        // printf '%s.%s' 1700000000 '{"a":1}' | openssl dgst -sha256 -hmac s3cret
        assertThat(WebhookSignature.header("s3cret", 1_700_000_000L, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("t=1700000000,v1=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940");
    }

    @Test
    void noWebhookIsConfiguredByDefault() {
        WebhookProperties defaults = bind(new MockEnvironment());
        assertThat(defaults.beforeSend().enabled()).isFalse();
        assertThat(defaults.beforeSend().timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.beforeSend().failOpen()).isTrue();
    }

    @Test
    void aWebhookUrlWithoutASecretIsRefused() {
        MockEnvironment environment =
                new MockEnvironment().withProperty("relay.webhooks.before-send.url", "http://127.0.0.1:9/hook");
        assertThatThrownBy(() -> bind(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be set when a webhook URL is");
        environment.setProperty("relay.webhooks.secret", "s3cret");
        assertThat(bind(environment).toString()).doesNotContain("s3cret");
    }

    @Test
    void anEventsUrlWithoutASecretIsRefusedAndItsTimeoutCountsAgainstThePollInterval() {
        MockEnvironment environment =
                new MockEnvironment().withProperty("relay.webhooks.events.url", "http://127.0.0.1:9/hook");
        assertThatThrownBy(() -> bind(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be set when a webhook URL is");
        environment.setProperty("relay.webhooks.secret", "s3cret");
        assertThat(bind(environment).events().timeout()).isEqualTo(Duration.ofSeconds(5));
        environment.setProperty("relay.webhooks.events.timeout", "30s"); // 5 × (30s + 30s) = 5 min
        assertThatThrownBy(() -> bind(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must stay under 4 minutes");
    }

    @Test
    void retriesThatCouldOutlastKafkasPollIntervalAreRefused() {
        MockEnvironment environment = new MockEnvironment().withProperty("relay.webhooks.retry.retries", "10");
        assertThatThrownBy(() -> bind(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must stay under 4 minutes");
        environment.setProperty("relay.webhooks.retry.max-backoff", "10s");
        assertThat(bind(environment).retry().retries()).isEqualTo(10);
    }

    private static WebhookProperties bind(MockEnvironment environment) {
        return LiveProperties.bind(environment, validator, "relay.webhooks", WebhookProperties.class)
                .get();
    }
}
