package im.relay.common.security;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The denylist of ended sessions in Redis: logout and refresh-token reuse put the session id here, and every token
 * validator checks it, so an access token stops working at once everywhere. An entry lives as long as the longest
 * access token of its session could.
 */
public final class SessionRevocations {

    private static final String PREFIX = "relay:auth:revoked-session:";

    private final StringRedisTemplate redis;

    public SessionRevocations(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public void revoke(String sessionId, Duration lifetime) {
        redis.opsForValue().set(PREFIX + sessionId, "1", lifetime);
    }

    /** Fails closed: when Redis cannot answer, no token passes. */
    public boolean isRevoked(String sessionId) {
        try {
            return Boolean.TRUE.equals(redis.hasKey(PREFIX + sessionId));
        } catch (DataAccessException e) {
            throw new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "cannot check the session right now", e);
        }
    }

    /** Which of {@code sessionIds} are on the denylist, in one round trip (MGET); fails closed like the above. */
    public Set<String> revokedAmong(List<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Set.of();
        }
        try {
            List<String> entries = redis.opsForValue()
                    .multiGet(sessionIds.stream().map(id -> PREFIX + id).toList());
            Set<String> revoked = new HashSet<>();
            for (int i = 0; i < sessionIds.size(); i++) {
                if (entries.get(i) != null) {
                    revoked.add(sessionIds.get(i));
                }
            }
            return revoked;
        } catch (DataAccessException e) {
            throw new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "cannot check the sessions right now", e);
        }
    }
}
