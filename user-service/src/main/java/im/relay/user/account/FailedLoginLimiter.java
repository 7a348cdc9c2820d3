package im.relay.user.account;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Counts failed password checks per account in Redis, wherever they come from (auth-service's REST and gRPC login,
 * VerifyCredentials called directly, the current password of a password change): they all pass through
 * user-service's credential check. After {@code maxFailures} within the window the account is locked for a while
 * that doubles with each lock up to a cap; a locked account answers RATE_LIMITED with the time left, without a
 * password check. When Redis cannot count, no password is checked either (fails closed).
 */
@Component
class FailedLoginLimiter {

    private static final Logger log = LoggerFactory.getLogger(FailedLoginLimiter.class);
    private static final String PREFIX = "relay:user:failed-logins:";
    /** While Redis is unreachable: a short wait, since the account itself is not suspect. */
    private static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(5);

    /** Counts a failure; at the limit it starts a lock of base * 2^(locks so far), capped; answers the lock in ms. */
    private static final RedisScript<Long> FAILED = RedisScript.of("""
            local failures = redis.call('INCR', KEYS[1])
            if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            if failures < tonumber(ARGV[1]) then return 0 end
            redis.call('DEL', KEYS[1])
            local locks = redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
            local lock = math.min(tonumber(ARGV[3]) * 2 ^ math.min(locks - 1, 20), tonumber(ARGV[4]))
            redis.call('SET', KEYS[3], '1', 'PX', math.floor(lock))
            return math.floor(lock)
            """, Long.class);

    private final StringRedisTemplate redis;
    private final FailedLoginProperties limits;

    FailedLoginLimiter(StringRedisTemplate redis, FailedLoginProperties limits) {
        this.redis = redis;
        this.limits = limits;
    }

    /** Refuses a locked account (429 with the time left) before its password is checked. */
    void checkAllowed(String username) {
        Long left;
        try {
            left = redis.getExpire(key(username, "lock"), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (DataAccessException e) {
            throw unavailable(e);
        }
        if (left != null && left > 0) {
            throw locked(Duration.ofMillis(left));
        }
    }

    /** Counts a failed check; the failure that reaches the limit is still answered as a wrong password. */
    void failed(String username) {
        try {
            redis.execute(
                    FAILED,
                    List.of(key(username, "failures"), key(username, "locks"), key(username, "lock")),
                    Integer.toString(limits.maxFailures()),
                    Long.toString(limits.window().toMillis()),
                    Long.toString(limits.lockout().toMillis()),
                    Long.toString(limits.maxLockout().toMillis()),
                    Long.toString(limits.memory().toMillis()));
        } catch (DataAccessException e) {
            throw unavailable(e);
        }
    }

    /** A successful check forgets the account's failures and past locks. */
    void succeeded(String username) {
        try {
            redis.delete(List.of(key(username, "failures"), key(username, "locks")));
        } catch (DataAccessException e) {
            log.warn("Cannot reset the failed logins of an account: {}", e.getMessage());
        }
    }

    /** One hash-tagged key family per account (Redis Cluster keeps it on one node); names hashed to bound size. */
    private static String key(String username, String part) {
        String account = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        byte[] digest = sha256(account.getBytes(StandardCharsets.UTF_8));
        return PREFIX + "{" + HexFormat.of().formatHex(digest, 0, 16) + "}:" + part;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RelayException locked(Duration left) {
        long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
        return new RelayException(
                ErrorCode.RATE_LIMITED,
                "too many failed logins for this account; retry after " + seconds + " s",
                Duration.ofSeconds(seconds));
    }

    private static RelayException unavailable(DataAccessException e) {
        log.warn("Cannot count failed logins, refusing the check: {}", e.getMessage());
        return new RelayException(
                ErrorCode.RATE_LIMITED,
                "cannot count failed logins right now; retry after " + UNAVAILABLE_RETRY.toSeconds() + " s",
                UNAVAILABLE_RETRY);
    }
}
