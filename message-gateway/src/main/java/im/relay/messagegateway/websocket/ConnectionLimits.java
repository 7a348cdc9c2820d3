package im.relay.messagegateway.websocket;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Live limits of client connections ({@code relay.message-gateway.limits}, followed under --refresh). Frame size and
 * outbound buffer apply to connections opened after a change; the others at once.
 */
record ConnectionLimits(
        /** A larger frame (or message of fragments) closes the socket with 1009. */
        @DefaultValue("64KB") @NotNull DataSize maxFrameSize,
        /** How often the server sends WebSocket ping frames. */
        @DefaultValue("30s") @NotNull Duration pingInterval,
        /** A socket silent this long (no frame, no pong) is closed. */
        @DefaultValue("90s") @NotNull Duration idleTimeout,
        /** How often open sockets are checked against the session denylist (besides revocation events). */
        @DefaultValue("30s") @NotNull Duration revocationCheckInterval,
        /** Frames queued for a client that does not read; beyond it the socket is closed with 1013. */
        @DefaultValue("1024") @Min(16) int outboundBuffer,
        /** TEXT content is refused above this many code points before asking a message server (which checks too). */
        @DefaultValue("8000") @Min(1) int maxTextLength,
        /** Messages a sync answers when it names no limit, and at most. */
        @DefaultValue("50") @Min(1) int syncDefaultLimit,
        @DefaultValue("200") @Min(1) @Max(1000) int syncMaxLimit,
        @Valid @NotNull Send send,
        @Valid @NotNull Typing typing) {

    /** Send frames per connection: a token bucket, and how many refusals within a window close the socket (4008). */
    record Send(
            @DefaultValue("20") @Min(1) int rate,
            @DefaultValue("50") @Min(1) int burst,
            @DefaultValue("100") @Min(1) int abuseRejections,
            @DefaultValue("10s") @NotNull Duration abuseWindow) {}

    /** Typing frames per connection; those over the limit are dropped silently (they are only a hint). */
    record Typing(
            @DefaultValue("5") @Min(1) int rate,
            @DefaultValue("10") @Min(1) int burst) {}
}
