package im.relay.messagegateway.presence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Who is online, read from the route table in Redis that the nodes keep: a user is online while the key
 * {@code relay:presence:<userId>} exists (a node holds it for as long as one of the user's WebSocket sessions is open,
 * with an expiry it renews, so a crashed node's users go offline by themselves). Every node writes to the same Redis,
 * so any node answers for all of them. The key layout is message-gateway's own: other services ask
 * {@link PresenceGrpcEndpoint}.
 */
@Component
public final class PresenceDirectory {

    public static final String KEY_PREFIX = "relay:presence:";

    private final StringRedisTemplate redis;

    public PresenceDirectory(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** The users among {@code userIds} who are online now. */
    public Set<String> online(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        List<String> ids = new ArrayList<>(userIds);
        List<String> keys = ids.stream().map(id -> KEY_PREFIX + id).toList();
        List<String> values = redis.opsForValue().multiGet(keys);
        Set<String> online = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (values != null && values.get(i) != null) {
                online.add(ids.get(i));
            }
        }
        return online;
    }
}
