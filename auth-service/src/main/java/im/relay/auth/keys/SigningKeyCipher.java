package im.relay.auth.keys;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Seals the private signing keys before they reach the database: each is stored as a JWE (direct AES-256-GCM) under
 * the key-encryption key of {@code relay.auth.keys.encryption-key}, whose id travels in the JWE header so that a key
 * sealed under a previous encryption key ({@code previous-encryption-keys}) still opens during a rotation. Without an
 * encryption key the keys are stored as plain JWKs, with a warning at startup.
 */
@Component
class SigningKeyCipher {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyCipher.class);

    private final String currentId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    SigningKeyCipher(KeyProperties properties) {
        if (properties.encryptionKey().isBlank()) {
            currentId = null;
            log.warn("relay.auth.keys.encryption-key is not set: the private signing keys are stored unencrypted; "
                    + "set RELAY_AUTH_KEYS_ENCRYPTIONKEY (e.g. openssl rand -base64 32)");
        } else {
            currentId = add(properties.encryptionKey());
        }
        properties.previousEncryptionKeys().forEach(this::add);
    }

    /** How {@code key} is stored: a JWE under the current encryption key, or its JSON when there is none. */
    String seal(JWK key) {
        if (currentId == null) {
            return key.toJSONString();
        }
        try {
            JWEObject jwe = new JWEObject(
                    new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                            .keyID(currentId)
                            .build(),
                    new Payload(key.toJSONString()));
            jwe.encrypt(new DirectEncrypter(keys.get(currentId)));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot seal a signing key", e);
        }
    }

    /** The key stored as {@code stored}: sealed under the current or a previous encryption key, or plain. */
    JWK open(String stored) {
        try {
            if (stored.startsWith("{")) {
                return JWK.parse(stored);
            }
            JWEObject jwe = JWEObject.parse(stored);
            SecretKey key = keys.get(jwe.getHeader().getKeyID());
            if (key == null) {
                throw new IllegalStateException("a signing key is sealed under encryption key "
                        + jwe.getHeader().getKeyID() + ", which is neither relay.auth.keys.encryption-key nor one of "
                        + "previous-encryption-keys");
            }
            jwe.decrypt(new DirectDecrypter(key));
            return JWK.parse(jwe.getPayload().toString());
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("a stored signing key is corrupt or sealed under another key", e);
        }
    }

    /** Whether {@code stored} should be sealed again: plain while an encryption key is set, or under an old one. */
    boolean needsResealing(String stored) {
        if (currentId == null) {
            return false;
        }
        if (stored.startsWith("{")) {
            return true;
        }
        try {
            return !currentId.equals(JWEObject.parse(stored).getHeader().getKeyID());
        } catch (ParseException e) {
            return false; // open() reports it
        }
    }

    /** An encryption key of any length becomes an AES-256 key (SHA-256); its id is the start of a second hash. */
    private String add(String secret) {
        byte[] bytes = sha256(secret.getBytes(StandardCharsets.UTF_8));
        String id = HexFormat.of().formatHex(sha256(bytes), 0, 8);
        keys.putIfAbsent(id, new SecretKeySpec(bytes, "AES"));
        return id;
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
