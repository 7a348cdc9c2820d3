package im.relay.auth.keys;

import com.nimbusds.jose.jwk.JWK;
import java.time.Instant;

/**
 * One key pair (RS256; ES256 for keys created before 2026-12), published from creation, signing from
 * {@code activeFrom}, withdrawn at {@code retireAt}.
 */
record SigningKey(JWK jwk, Instant createdAt, Instant activeFrom, Instant retireAt) {

    String kid() {
        return jwk.getKeyID();
    }

    boolean published(Instant now) {
        return retireAt == null || now.isBefore(retireAt);
    }

    boolean signs(Instant now) {
        return !activeFrom.isAfter(now);
    }
}
