package im.relay.gateway.edge;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The API gateway's live settings ({@code relay.gateway}, followed under --refresh): which paths need no token, the
 * largest body and WebSocket frame, and the rate limits.
 */
public record GatewaySettings(
        /** Paths served without an access token (path patterns, matched against the decoded path). */
        @DefaultValue({"/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/jwks"})
        List<String> publicPaths,
        /** A request body larger than this gets 413. */
        @DefaultValue("64KB") @NotNull DataSize maxBodySize,
        /** Paths whose body is an upload (streamed to its service, which applies its own limit and types). */
        @DefaultValue("/api/media") List<String> uploadPaths,
        /** The largest upload the gateway passes on; the service's own limit may be lower. */
        @DefaultValue("100MB") @NotNull DataSize maxUploadSize,
        /**
         * A client's WebSocket frame through /api/chat/ws larger than this closes the socket with 1009 (new sockets),
         * as message-gateway's own {@code max-frame-size} does on its port: keep the two equal.
         */
        @DefaultValue("64KB") @NotNull DataSize maxFrameSize,
        /** How many X-Forwarded-For hops to trust for the client address; 0 uses the connection's address. */
        @DefaultValue("0") @Min(0) @Max(10) int trustedProxies,
        @Valid @NotNull RateLimits rateLimits) {

    public GatewaySettings {
        if (publicPaths != null) {
            publicPaths.forEach(GatewaySettings::requirePattern);
        }
        if (uploadPaths != null) {
            uploadPaths.forEach(GatewaySettings::requirePattern);
        }
    }

    /** Paths are matched as Spring's path patterns (as the routes' Path predicates are): a bad one stops binding. */
    static void requirePattern(String pattern) {
        if (pattern != null) {
            PathPatternParser.defaultInstance.parse(pattern);
        }
    }

    /** Token buckets in Redis: {@code rate} tokens a second, up to {@code burst}, each request costing {@code cost}. */
    public record Limit(
            @DefaultValue("1") @Min(1) int rate,
            @DefaultValue("1") @Min(1) int burst,
            @DefaultValue("1") @Min(1) int cost) {}

    /** A tighter limit per client address for some paths; {@code failClosed} refuses when Redis cannot count. */
    public record PathLimit(
            @NotBlank String pattern,
            @DefaultValue("1") @Min(1) int rate,
            @DefaultValue("1") @Min(1) int burst,
            @DefaultValue("1") @Min(1) int cost,
            @DefaultValue("true") boolean failClosed) {

        public PathLimit {
            requirePattern(pattern);
        }

        public Limit limit() {
            return new Limit(rate, burst, cost);
        }
    }

    public record RateLimits(
            /** All clients together. */
            @Valid @NotNull Limit global,
            /** Each client address. */
            @Valid @NotNull Limit perIp,
            /** Per path and client address, checked besides the two above. */
            @DefaultValue({}) List<@Valid PathLimit> paths) {}
}
