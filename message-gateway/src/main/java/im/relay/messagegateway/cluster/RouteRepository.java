package im.relay.messagegateway.cluster;

import im.relay.messagegateway.presence.PresenceDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The route table and presence keys in Redis, shared by every node:
 *
 * <ul>
 *   <li>{@code relay:route:<userId>}: a hash, session id → {@code {node, platform, deviceId, connectionId,
 *       renewedAt}}, expiring route-ttl after the last renewal;
 *   <li>{@code relay:presence:<userId>}: present while the user has a session (read through
 *       {@link PresenceDirectory}, also for other services), with the same expiry.
 * </ul>
 *
 * Each node renews its own sessions' rows; a row not renewed for route-ttl belongs to a node that died and is
 * ignored and dropped. Changes that read and write both keys run as Lua scripts, so that a connect and a disconnect
 * of the same user on two nodes cannot interleave (both keys of a user must then live on one Redis node).
 */
@Repository
class RouteRepository {

    private static final String ROUTE_PREFIX = "relay:route:";

    /** Drops rows not renewed since ARGV[n]; defined once, used by the scripts below. */
    private static final String DROP_STALE = """
            local function dropStale(key, staleBefore)
              local fields = redis.call('HGETALL', key)
              for i = 1, #fields, 2 do
                local ok, entry = pcall(cjson.decode, fields[i + 1])
                if not ok or type(entry) ~= 'table' or (tonumber(entry.renewedAt) or 0) < staleBefore then
                  redis.call('HDEL', key, fields[i])
                end
              end
            end
            """;

    /** Adds a row; removes and returns the rows it replaces (same session, or same platform); was the user online. */
    private static final RedisScript<List> CONNECT = RedisScript.of(DROP_STALE + """
            local online = redis.call('EXISTS', KEYS[2])
            dropStale(KEYS[1], tonumber(ARGV[5]))
            local replaced = { tostring(online) }
            local fields = redis.call('HGETALL', KEYS[1])
            for i = 1, #fields, 2 do
              local entry = cjson.decode(fields[i + 1])
              if fields[i] == ARGV[1] or entry.platform == ARGV[3] then
                redis.call('HDEL', KEYS[1], fields[i])
                replaced[#replaced + 1] = fields[i]
                replaced[#replaced + 1] = fields[i + 1]
              end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
            return replaced
            """, List.class);

    /** Removes this socket's row (not a newer socket's); answers 1 when the user has no session left. */
    private static final RedisScript<Long> DISCONNECT = RedisScript.of(DROP_STALE + """
            local removed = 0
            local raw = redis.call('HGET', KEYS[1], ARGV[1])
            if raw then
              local ok, entry = pcall(cjson.decode, raw)
              if ok and type(entry) == 'table' and entry.connectionId == ARGV[2] then
                removed = redis.call('HDEL', KEYS[1], ARGV[1])
              end
            end
            dropStale(KEYS[1], tonumber(ARGV[3]))
            if redis.call('HLEN', KEYS[1]) == 0 then
              local wasOnline = redis.call('DEL', KEYS[2])
              if removed == 1 or wasOnline == 1 then
                return 1
              end
            end
            return 0
            """, Long.class);

    /**
     * Renews this node's rows of one user (ARGV[2..]: session id, row). A row that is gone is written again unless
     * another session of its platform took its place meanwhile (then its socket is about to be kicked): this brings
     * routes back after Redis lost them.
     */
    private static final RedisScript<Long> RENEW = RedisScript.of("""
            local renewed = 0
            for i = 2, #ARGV, 2 do
              local fresh = cjson.decode(ARGV[i + 1])
              local raw = redis.call('HGET', KEYS[1], ARGV[i])
              local write = false
              if raw then
                local ok, entry = pcall(cjson.decode, raw)
                write = ok and type(entry) == 'table' and entry.connectionId == fresh.connectionId
              else
                write = true
                local fields = redis.call('HGETALL', KEYS[1])
                for j = 1, #fields, 2 do
                  local ok, entry = pcall(cjson.decode, fields[j + 1])
                  if ok and type(entry) == 'table' and entry.platform == fresh.platform then
                    write = false
                  end
                end
              end
              if write then
                redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
                renewed = renewed + 1
              end
            end
            if renewed > 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
            end
            return renewed
            """, Long.class);

    /** Removes a row only if it still names the given node (the session may have moved meanwhile). */
    private static final RedisScript<Long> REMOVE_IF_ON_NODE = RedisScript.of("""
            local raw = redis.call('HGET', KEYS[1], ARGV[1])
            if raw then
              local ok, entry = pcall(cjson.decode, raw)
              if ok and type(entry) == 'table' and entry.node == ARGV[2] then
                return redis.call('HDEL', KEYS[1], ARGV[1])
              end
            end
            return 0
            """, Long.class);

    /** The JSON of a row; {@code renewedAt} is epoch milliseconds. */
    private record Row(String node, String platform, String deviceId, String connectionId, long renewedAt) {}

    /** What a connect found: whether the user was online before, and the rows the new session replaced. */
    record Connected(boolean wasOnline, List<Route> replaced) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    // every push reads the rows of its recipients: readers and writers bound to the type once, not per call
    private static final ObjectReader ROW_READER = JSON.readerFor(Row.class);
    private static final ObjectWriter ROW_WRITER = JSON.writerFor(Row.class);

    private final StringRedisTemplate redis;
    private final Clock clock;
    private final Duration ttl;

    RouteRepository(StringRedisTemplate redis, Clock clock, ClusterProperties properties) {
        this.redis = redis;
        this.clock = clock;
        this.ttl = properties.routeTtl();
    }

    Connected connect(Route route) {
        List<?> result = redis.execute(
                CONNECT,
                keys(route.userId()),
                route.sessionId(),
                row(route),
                route.platform(),
                Long.toString(ttl.toMillis()),
                Long.toString(staleBefore()));
        boolean wasOnline = "1".equals(String.valueOf(result.getFirst()));
        List<Route> replaced = new ArrayList<>();
        for (int i = 1; i + 1 < result.size(); i += 2) {
            replaced.add(route(route.userId(), (String) result.get(i), (String) result.get(i + 1)));
        }
        return new Connected(wasOnline, replaced);
    }

    /** Answers whether the user has no session left anywhere (and so went offline). */
    boolean disconnect(Route route) {
        Long offline = redis.execute(
                DISCONNECT,
                keys(route.userId()),
                route.sessionId(),
                route.connectionId(),
                Long.toString(staleBefore()));
        return offline != null && offline == 1L;
    }

    /** Renews the given rows (all of one user, all on this node). */
    void renew(String userId, Collection<Route> routes) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(ttl.toMillis()));
        long now = clock.millis();
        for (Route route : routes) {
            args.add(route.sessionId());
            args.add(row(withRenewedAt(route, now)));
        }
        redis.execute(RENEW, keys(userId), args.toArray());
    }

    void removeIfOnNode(SessionRef session, String node) {
        redis.execute(REMOVE_IF_ON_NODE, List.of(ROUTE_PREFIX + session.userId()), session.sessionId(), node);
    }

    /** The live routes of each of {@code userIds}, read in one round trip. */
    Map<String, List<Route>> lookup(Collection<String> userIds) {
        List<String> users = List.copyOf(userIds);
        if (users.isEmpty()) {
            return Map.of();
        }
        List<Object> rows = redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) {
                RedisOperations<String, String> strings = (RedisOperations<String, String>) operations;
                users.forEach(user -> strings.opsForHash().entries(ROUTE_PREFIX + user));
                return null;
            }
        });
        long staleBefore = staleBefore();
        Map<String, List<Route>> routes = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            List<Route> live = new ArrayList<>();
            if (rows.get(i) instanceof Map<?, ?> fields) {
                for (Map.Entry<?, ?> field : fields.entrySet()) {
                    Route route = route(users.get(i), (String) field.getKey(), (String) field.getValue());
                    if (route != null && route.renewedAtMillis() >= staleBefore) {
                        live.add(route);
                    }
                }
            }
            routes.put(users.get(i), live);
        }
        return routes;
    }

    private long staleBefore() {
        return clock.millis() - ttl.toMillis();
    }

    private static List<String> keys(String userId) {
        return List.of(ROUTE_PREFIX + userId, PresenceDirectory.KEY_PREFIX + userId);
    }

    private static String row(Route route) {
        return ROW_WRITER.writeValueAsString(new Row(
                route.node(), route.platform(), route.deviceId(), route.connectionId(), route.renewedAtMillis()));
    }

    private static Route withRenewedAt(Route route, long now) {
        return new Route(
                route.userId(),
                route.sessionId(),
                route.node(),
                route.platform(),
                route.deviceId(),
                route.connectionId(),
                now);
    }

    private static Route route(String userId, String sessionId, String json) {
        try {
            Row row = ROW_READER.readValue(json);
            return new Route(
                    userId, sessionId, row.node(), row.platform(), row.deviceId(), row.connectionId(), row.renewedAt());
        } catch (RuntimeException e) {
            return null; // a row some other version wrote; the scripts drop it
        }
    }
}
