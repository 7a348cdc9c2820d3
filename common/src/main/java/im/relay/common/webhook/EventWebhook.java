package im.relay.common.webhook;

import im.relay.common.config.LiveProperties;

/**
 * Posts the account, friendship and group changes to {@code relay.webhooks.events.url} (docs/webhooks.md), each
 * from the Kafka listener of the service that owns it, as after-send does for messages: the Kafka event's id is the
 * webhook event's id, so that a receiver drops the repeats a retry or a rebalance makes.
 */
public class EventWebhook {

    private final LiveProperties<WebhookProperties> properties;
    private final WebhookClient client;

    public EventWebhook(LiveProperties<WebhookProperties> properties, WebhookClient client) {
        this.properties = properties;
        this.client = client;
    }

    /**
     * Posts event {@code id} as {@code type}, retried with back-off and then dropped ({@link WebhookClient#deliver});
     * does nothing once a refresh took the URL away.
     */
    public void post(String id, String type, Object data) {
        WebhookProperties config = properties.get();
        if (config.events().enabled()) {
            client.deliver(
                    config.events().url(),
                    config.secret(),
                    id,
                    type,
                    data,
                    config.events().timeout(),
                    config.retry());
        }
    }
}
