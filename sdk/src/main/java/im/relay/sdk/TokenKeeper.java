package im.relay.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Holds a session's tokens and refreshes the access token ahead of its expiry: on use when it is close, and on a timer
 * so that a client that only listens keeps a valid token for its next reconnect. A refresh token is spent by its
 * refresh, so refreshes never overlap.
 */
final class TokenKeeper {

    private final Http http;
    private final Clock clock;
    private final Duration margin;
    private final ScheduledExecutorService timer;
    private final Consumer<Tokens> onRefresh;
    private Tokens tokens;
    private ScheduledFuture<?> scheduled;

    TokenKeeper(Http http, Clock clock, Duration margin, ScheduledExecutorService timer, Consumer<Tokens> onRefresh) {
        this.http = http;
        this.clock = clock;
        this.margin = margin;
        this.timer = timer;
        this.onRefresh = onRefresh;
    }

    /** Tokens from a register, login or refresh answer. */
    static Tokens parse(JsonNode answer, String userId, Clock clock) {
        return new Tokens(
                userId,
                answer.path("accessToken").asString(),
                answer.path("refreshToken").asString(),
                clock.instant().plusSeconds(answer.path("expiresIn").asLong(900)));
    }

    synchronized void set(Tokens tokens) {
        this.tokens = tokens;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (tokens != null) {
            long delay = Math.max(
                    0, Duration.between(clock.instant(), refreshAt(tokens)).toMillis());
            scheduled = timer.schedule(this::refreshQuietly, delay, TimeUnit.MILLISECONDS);
        }
    }

    synchronized Tokens current() {
        return tokens;
    }

    /** A valid access token: the current one, or a fresh one when it expires within the margin. */
    synchronized String accessToken() {
        if (tokens == null) {
            throw new RelayException(401, "UNAUTHORIZED", "not logged in");
        }
        if (!clock.instant().isBefore(refreshAt(tokens))) {
            refresh();
        }
        return tokens.accessToken();
    }

    /** Refreshes now (the server said the access token expired). */
    synchronized String refreshNow() {
        refresh();
        return tokens.accessToken();
    }

    private Instant refreshAt(Tokens tokens) {
        return tokens.expiresAt().minus(margin);
    }

    private void refresh() {
        Tokens old = tokens;
        JsonNode answer =
                http.call("POST", "/api/auth/refresh", Http.fields("refreshToken", old.refreshToken()), null, null);
        set(parse(answer, old.userId(), clock));
        onRefresh.accept(tokens);
    }

    private synchronized void refreshQuietly() {
        if (tokens == null) {
            return;
        }
        try {
            refresh();
        } catch (RelayException e) {
            if (e.status() < 0 || e.status() >= 500) {
                // unreachable for now: try again soon; the next use refreshes too
                scheduled = timer.schedule(this::refreshQuietly, 5, TimeUnit.SECONDS);
            }
        }
    }

    synchronized void clear() {
        set(null);
    }
}
