package im.relay.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import im.relay.auth.session.TokenProperties;
import im.relay.common.id.Ids;
import im.relay.common.security.AuthProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing keys with rotation and an overlap window. A new key is published {@code publishAhead} before it starts
 * signing, so every validator's cached JWKS knows it in time; the key it replaces stays published until the last
 * access token it signed has expired. Every instance reloads the keys each {@code checkInterval}; rotation happens
 * once, under a database lock.
 *
 * <p>The keys are RSA (RS256): a token is verified far more often than it is signed (on every socket opened, by each
 * service a call passes), and an RS256 verification costs a tenth of an ES256 one (35 µs against 420 µs on the
 * project's machine) for a signature five times dearer, paid once per login or refresh. An installation whose
 * newest key is still an ES256 one rotates to RS256 at its next check, through the same overlap window.
 */
@Service
public class SigningKeyService {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyService.class);
    private static final JWSAlgorithm ALGORITHM = JWSAlgorithm.RS256;
    private static final int KEY_BITS = 2048;

    private final SigningKeyRepository keys;
    private final TransactionTemplate transaction;
    private final KeyProperties properties;
    private final TokenProperties tokens;
    private final AuthProperties auth;
    private final Clock clock;
    private volatile List<SigningKey> loaded = List.of();

    SigningKeyService(
            SigningKeyRepository keys,
            TransactionTemplate transaction,
            KeyProperties properties,
            TokenProperties tokens,
            AuthProperties auth,
            Clock clock) {
        this.keys = keys;
        this.transaction = transaction;
        this.properties = properties;
        this.tokens = tokens;
        this.auth = auth;
        this.clock = clock;
        rotateIfDue();
    }

    /**
     * The key to sign with now: the newest whose time has come, or, on a clock behind the one that created the
     * first key, that first key (it is published, so its tokens verify).
     */
    public JWK signingKey() {
        Instant now = clock.instant();
        return loaded.stream()
                .filter(key -> key.signs(now))
                .max(Comparator.comparing(SigningKey::activeFrom))
                .or(() -> loaded.stream().min(Comparator.comparing(SigningKey::activeFrom)))
                .map(SigningKey::jwk)
                .orElseThrow(() -> new IllegalStateException("no signing key is loaded"));
    }

    /** The public keys validators must know now: every key not yet retired. */
    public JWKSet publicKeys() {
        Instant now = clock.instant();
        List<JWK> published = loaded.stream()
                .filter(key -> key.published(now))
                .map(key -> (JWK) key.jwk().toPublicJWK())
                .toList();
        return new JWKSet(published);
    }

    @Scheduled(
            fixedDelayString = "${relay.auth.keys.check-interval:1m}",
            initialDelayString = "${relay.auth.keys.check-interval:1m}")
    void scheduledCheck() {
        try {
            rotateIfDue();
        } catch (RuntimeException e) {
            log.error("Signing-key check failed; keeping the loaded keys", e);
        }
    }

    /** Creates the first key, or the next one when the newest is due for replacement; then reloads. */
    public void rotateIfDue() {
        loaded = transaction.execute(status -> {
            keys.lockForRotation();
            int resealed = keys.resealAll();
            if (resealed > 0) {
                log.info("Sealed {} signing key(s) under the current encryption key", resealed);
            }
            List<SigningKey> all = keys.findAll();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (all.isEmpty()) {
                keys.insert(generate(now, now));
                log.info("Created the first signing key");
            } else {
                SigningKey newest = all.getLast();
                boolean outdated = !ALGORITHM.equals(newest.jwk().getAlgorithm());
                if (outdated
                        || !newest.activeFrom()
                                .plus(properties.rotationPeriod())
                                .minus(properties.publishAhead())
                                .isAfter(now)) {
                    Instant activeFrom = now.plus(properties.publishAhead());
                    SigningKey next = generate(now, activeFrom);
                    keys.insert(next);
                    // the keys it replaces verify until every token they signed has expired
                    keys.retireUnretiredBefore(
                            activeFrom, activeFrom.plus(tokens.accessTokenTtl()).plus(auth.clockSkew()));
                    log.info("Rotating signing keys: {} signs from {}", next.kid(), activeFrom);
                }
            }
            return keys.findAll();
        });
    }

    private static SigningKey generate(Instant createdAt, Instant activeFrom) {
        try {
            JWK jwk = new RSAKeyGenerator(KEY_BITS)
                    .keyID(Ids.newId())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(ALGORITHM)
                    .generate();
            return new SigningKey(jwk, createdAt, activeFrom, null);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
    }
}
