package im.relay.group.membership;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in Redis, shared by every instance: a window opens with a user's first counted action and
 * lasts {@code window}. One script adds the cost and takes it back when it would pass the limit, so a refused call
 * costs nothing and concurrent calls cannot overshoot. When Redis cannot count, calls are refused
 * (SERVICE_UNAVAILABLE): these limits guard against abuse, and this service needs Redis for every call anyway.
 */
@Component
class GroupRateLimiter {

    /** Answers -1 when allowed, else the milliseconds until the window ends. */
    private static final RedisScript<Long> TAKE = RedisScript.of("""
            local used = redis.call('INCRBY', KEYS[1], ARGV[1])
            if used == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            if used > tonumber(ARGV[2]) then
              redis.call('DECRBY', KEYS[1], ARGV[1])
              local ttl = redis.call('PTTL', KEYS[1])
              if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]); ttl = tonumber(ARGV[3]) end
              return ttl
            end
            return -1
            """, Long.class);

    private final StringRedisTemplate redis;

    GroupRateLimiter(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Counts {@code cost} against the user's {@code limit} for {@code action}; RATE_LIMITED when it would pass. */
    void take(String action, UUID userId, int cost, int limit, Duration window) {
        Long wait;
        try {
            wait = redis.execute(
                    TAKE,
                    List.of("relay:groups:rate:" + action + ":" + userId),
                    Integer.toString(cost),
                    Integer.toString(limit),
                    Long.toString(window.toMillis()));
        } catch (DataAccessException e) {
            throw new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "group changes cannot be counted now", e);
        }
        if (wait != null && wait >= 0) {
            throw new RelayException(
                    ErrorCode.RATE_LIMITED,
                    "at most " + limit + " " + action + " per " + window + "; try again later",
                    Duration.ofMillis(wait));
        }
    }
}
