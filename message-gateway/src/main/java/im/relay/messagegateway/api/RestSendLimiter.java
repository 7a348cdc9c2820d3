package im.relay.messagegateway.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.messagegateway.websocket.TokenBucket;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * REST sends have a limit per user of their own (API.md: the WebSocket limit is per connection), kept on each node:
 * a user whose calls a load balancer spreads over n nodes gets up to n times the rate.
 */
@Component
class RestSendLimiter {

    private final Cache<String, TokenBucket> buckets =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(5)).build();
    private final int rate;
    private final int burst;

    RestSendLimiter(
            @Value("${relay.message-gateway.rest-send.rate:20}") int rate,
            @Value("${relay.message-gateway.rest-send.burst:50}") int burst) {
        this.rate = rate;
        this.burst = burst;
    }

    void acquire(String userId) {
        if (!buckets.get(userId, id -> new TokenBucket()).tryTake(rate, burst, System.nanoTime())) {
            throw new RelayException(ErrorCode.RATE_LIMITED, "too many messages; slow down");
        }
    }
}
