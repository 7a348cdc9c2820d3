package im.relay.auth.session;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.id.Ids;
import im.relay.common.security.AuthProperties;
import im.relay.common.security.SessionRevocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions and their tokens: start (register, login), refresh with rotation and reuse detection, and end (logout,
 * reuse). Ending a session puts it on the denylist that every validator checks, so its access tokens stop at once.
 */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    private static final int DEVICE_ID_MAX = 128;

    /** How a refresh attempt ended; decided inside the transaction, acted on after it commits. */
    private sealed interface Outcome {
        record Refreshed(TokenPair tokens) implements Outcome {}

        record Reused(UUID sessionId) implements Outcome {}

        record Refused(ErrorCode code, String detail) implements Outcome {}
    }

    private final SessionRepository sessions;
    private final AccessTokenIssuer issuer;
    private final SessionRevocations revocations;
    private final SessionEventPublisher events;
    private final TransactionTemplate transaction;
    private final TokenProperties tokens;
    private final AuthProperties auth;
    private final Clock clock;

    SessionService(
            SessionRepository sessions,
            AccessTokenIssuer issuer,
            SessionRevocations revocations,
            SessionEventPublisher events,
            TransactionTemplate transaction,
            TokenProperties tokens,
            AuthProperties auth,
            Clock clock) {
        this.sessions = sessions;
        this.issuer = issuer;
        this.revocations = revocations;
        this.events = events;
        this.transaction = transaction;
        this.tokens = tokens;
        this.auth = auth;
        this.clock = clock;
    }

    /** Refuses a platform other than WEB, DESKTOP, MOBILE and an over-long device id. */
    public void validateDevice(String deviceId, String platform) {
        Platform.parse(platform);
        if (deviceId != null && deviceId.strip().length() > DEVICE_ID_MAX) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "deviceId must be at most 128 characters");
        }
    }

    /**
     * Starts a session for a user who just proved who they are; {@code deviceId} is generated when absent. The new
     * session replaces the user's session on the same platform (API.md): the old one ends here, at the login, not
     * only when the new one opens a WebSocket, so its tokens stop at once and its sockets get {@code kicked} (4001).
     */
    public TokenPair start(String userId, String deviceId, String platform) {
        validateDevice(deviceId, platform);
        Platform parsedPlatform = Platform.parse(platform);
        String device = deviceId == null || deviceId.isBlank() ? Ids.newId() : deviceId.strip();
        Instant now = now();
        Session session = new Session(
                Ids.newUuid(),
                UUID.fromString(userId),
                device,
                parsedPlatform,
                now,
                earliest(now.plus(tokens.refreshTokenTtl()), now.plus(tokens.sessionLifetime())));
        record Started(TokenPair tokens, List<UUID> replaced) {}
        Started started = transaction.execute(status -> {
            List<UUID> replaced = sessions.lockLiveSessions(session.userId(), parsedPlatform);
            sessions.insert(session);
            for (UUID old : replaced) {
                if (sessions.end(old, "LOGGED_IN_ELSEWHERE", now)) {
                    events.replaced(session.userId(), old, session.id(), now);
                }
            }
            return new Started(newPair(session, now), replaced);
        });
        started.replaced().forEach(old -> revocations.revoke(old.toString(), denylistLifetime()));
        return started.tokens();
    }

    /** Spends a refresh token for a new pair. A spent token ends its whole session: TOKEN_REUSED. */
    public TokenPair refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "refreshToken is required");
        }
        byte[] hash = RefreshTokens.hash(refreshToken);
        Instant now = now();
        Outcome outcome = transaction.execute(status -> decide(hash, now));
        return switch (outcome) {
            case Outcome.Refreshed refreshed -> refreshed.tokens();
            case Outcome.Reused reused -> {
                revocations.revoke(reused.sessionId().toString(), denylistLifetime());
                log.warn("A spent refresh token was presented: session {} ended", reused.sessionId());
                throw new RelayException(
                        ErrorCode.TOKEN_REUSED, "the refresh token was already used; the session has ended");
            }
            case Outcome.Refused refused -> throw new RelayException(refused.code(), refused.detail());
        };
    }

    private Outcome decide(byte[] hash, Instant now) {
        Optional<SessionRepository.LockedRefreshToken> found = sessions.lockRefreshToken(hash);
        if (found.isEmpty()) {
            return new Outcome.Refused(ErrorCode.UNAUTHORIZED, "unknown refresh token");
        }
        SessionRepository.LockedRefreshToken token = found.get();
        Session session = token.session();
        if (token.sessionEndedAt() != null) {
            return new Outcome.Refused(ErrorCode.UNAUTHORIZED, "the session has ended");
        }
        if (token.spentAt() != null) {
            sessions.end(session.id(), "REFRESH_TOKEN_REUSED", now);
            events.revoked(session.userId(), session.id(), "REFRESH_TOKEN_REUSED", now);
            return new Outcome.Reused(session.id());
        }
        Instant endOfLife = session.createdAt().plus(tokens.sessionLifetime());
        if (!now.isBefore(token.tokenExpiresAt()) || !now.isBefore(session.expiresAt()) || !now.isBefore(endOfLife)) {
            sessions.end(session.id(), "EXPIRED", now);
            events.revoked(session.userId(), session.id(), "EXPIRED", now);
            return new Outcome.Refused(
                    ErrorCode.TOKEN_EXPIRED, "the session has expired (unused too long, or too old); log in again");
        }
        sessions.spend(hash, now);
        // refreshing slides the session forward, but never past its absolute lifetime
        Instant expiresAt = earliest(now.plus(tokens.refreshTokenTtl()), endOfLife);
        sessions.extend(session.id(), now, expiresAt);
        Session extended = new Session(
                session.id(), session.userId(), session.deviceId(), session.platform(), session.createdAt(), expiresAt);
        return new Outcome.Refreshed(newPair(extended, now));
    }

    /**
     * Ends the caller's session; with a refresh token of another session of the same user, that one too. Idempotent.
     */
    public void end(String userId, String sessionId, String refreshToken) {
        Instant now = now();
        endSession(UUID.fromString(sessionId), "LOGOUT", now);
        if (refreshToken != null && !refreshToken.isBlank()) {
            sessions.findSessionOfRefreshToken(RefreshTokens.hash(refreshToken))
                    .filter(other -> sessions.findUserOfSession(other)
                            .map(owner -> owner.toString().equals(userId))
                            .orElse(false))
                    .ifPresent(other -> endSession(other, "LOGOUT", now));
        }
    }

    /**
     * Ends every live session of the user except {@code keepSessionId} (null: every one), each as a logout would:
     * denylisted, refresh family spent, announced for the message gateway. Answers how many ended.
     */
    public int endAll(String userId, String keepSessionId, String reason) {
        Instant now = now();
        List<UUID> ended = sessions.findLiveSessions(UUID.fromString(userId)).stream()
                .filter(session -> !session.toString().equals(keepSessionId))
                .toList();
        ended.forEach(session -> endSession(session, reason, now));
        return ended.size();
    }

    private void endSession(UUID sessionId, String reason, Instant now) {
        transaction.executeWithoutResult(status -> {
            if (sessions.end(sessionId, reason, now)) {
                sessions.findUserOfSession(sessionId)
                        .ifPresent(userId -> events.revoked(userId, sessionId, reason, now));
            }
        });
        revocations.revoke(sessionId.toString(), denylistLifetime());
    }

    private TokenPair newPair(Session session, Instant now) {
        String refreshToken = RefreshTokens.generate();
        sessions.insertRefreshToken(RefreshTokens.hash(refreshToken), session.id(), now, session.expiresAt());
        return new TokenPair(
                issuer.issue(session, now),
                refreshToken,
                tokens.accessTokenTtl().toSeconds(),
                session.id().toString());
    }

    /** As long as any access token of the session could still be accepted. */
    private Duration denylistLifetime() {
        return tokens.accessTokenTtl().plus(auth.clockSkew()).plusMinutes(1);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
