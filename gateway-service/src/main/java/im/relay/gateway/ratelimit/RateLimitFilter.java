package im.relay.gateway.ratelimit;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.ProblemResponses;
import im.relay.common.error.Problems;
import im.relay.gateway.edge.GatewaySettings;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rate limits in Redis (Spring Cloud Gateway's token-bucket script): all clients together, each client address, and
 * tighter limits per path such as login and registration. Over a limit the answer is 429 RATE_LIMITED with
 * {@code Retry-After}. When Redis cannot count, the global and per-address limits let requests through (fail open,
 * so an outage of Redis does not stop Relay), while path limits marked {@code failClosed} refuse them, so that an
 * outage cannot be used to guess passwords.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

    private record Check(String bucket, String key, GatewaySettings.Limit limit, boolean failClosed) {}

    private final RedisRateLimiter limiter;
    private final LiveProperties<GatewaySettings> settings;
    /** Parsed once per pattern; they match the decoded path without matrix parameters, as the routes do. */
    private final Map<String, PathPattern> patterns = new ConcurrentHashMap<>();
    /** The settings whose limits the limiter holds; rebuilt only when a refresh brings new ones. */
    private volatile GatewaySettings applied;

    RateLimitFilter(RedisRateLimiter limiter, LiveProperties<GatewaySettings> settings) {
        this.limiter = limiter;
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        GatewaySettings current = settings.get();
        apply(current);
        String client = clientAddress(exchange, current.trustedProxies());
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("global", "all", current.rateLimits().global(), false));
        checks.add(new Check("ip", client, current.rateLimits().perIp(), false));
        for (GatewaySettings.PathLimit pathLimit : current.rateLimits().paths()) {
            if (patterns.computeIfAbsent(pathLimit.pattern(), PathPatternParser.defaultInstance::parse)
                    .matches(path)) {
                checks.add(new Check("path:" + pathLimit.pattern(), client, pathLimit.limit(), pathLimit.failClosed()));
            }
        }
        return Flux.fromIterable(checks)
                .concatMap(check -> allowed(check).filter(ok -> !ok).map(ok -> check))
                .next()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(denied -> denied.isPresent() ? tooMany(exchange, denied.get()) : chain.filter(exchange));
    }

    private void apply(GatewaySettings current) {
        if (current == applied) {
            return;
        }
        synchronized (this) {
            if (current != applied) {
                configure("global", current.rateLimits().global());
                configure("ip", current.rateLimits().perIp());
                current.rateLimits().paths().forEach(path -> configure("path:" + path.pattern(), path.limit()));
                applied = current;
            }
        }
    }

    private void configure(String bucket, GatewaySettings.Limit limit) {
        limiter.getConfig()
                .put(
                        bucket,
                        new RedisRateLimiter.Config()
                                .setReplenishRate(limit.rate())
                                .setBurstCapacity(limit.burst())
                                .setRequestedTokens(limit.cost()));
    }

    private Mono<Boolean> allowed(Check check) {
        String bucket = check.bucket();
        // Redis keys hold only the id, so the id carries the bucket's name
        return limiter.isAllowed(bucket, bucket + ":" + check.key()).map(response -> {
            boolean redisFailed = "-1".equals(header(response, RedisRateLimiter.REMAINING_HEADER));
            if (redisFailed) {
                return !check.failClosed();
            }
            return response.isAllowed();
        });
    }

    private static String header(RateLimiter.Response response, String name) {
        Map<String, String> headers = response.getHeaders();
        return headers == null ? null : headers.get(name);
    }

    private static Mono<Void> tooMany(ServerWebExchange exchange, Check check) {
        int retryAfter = Math.max(
                1, (int) Math.ceil((double) check.limit().cost() / check.limit().rate()));
        return ProblemResponses.write(
                exchange.getResponse(),
                Problems.of(ErrorCode.RATE_LIMITED, "too many requests; retry after " + retryAfter + " s"),
                Map.of("Retry-After", Integer.toString(retryAfter)));
    }

    private static String clientAddress(ServerWebExchange exchange, int trustedProxies) {
        InetSocketAddress address = trustedProxies > 0
                ? XForwardedRemoteAddressResolver.maxTrustedIndex(trustedProxies)
                        .resolve(exchange)
                : exchange.getRequest().getRemoteAddress();
        return address == null || address.getAddress() == null
                ? "unknown"
                : address.getAddress().getHostAddress();
    }

    /** Right after the body-size check: a refused request costs no token verification. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
