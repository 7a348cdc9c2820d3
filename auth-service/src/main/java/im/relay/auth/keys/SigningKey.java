package im.relay.auth.keys;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;

/** One ES256 key pair: published from creation, signing from {@code activeFrom}, withdrawn at {@code retireAt}. */
record SigningKey(ECKey jwk, Instant createdAt, Instant activeFrom, Instant retireAt) {

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
