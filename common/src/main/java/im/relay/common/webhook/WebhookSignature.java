package im.relay.common.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}. Signing the time
 * with the body lets a receiver refuse a replayed call by its age (docs/webhooks.md shows a receiver's check).
 */
public final class WebhookSignature {

    public static final String HEADER = "Relay-Signature";

    private WebhookSignature() {}

    public static String header(String secret, long epochSecond, byte[] body) {
        return "t=" + epochSecond + ",v1=" + HexFormat.of().formatHex(hmac(secret, epochSecond, body));
    }

    static byte[] hmac(String secret, long epochSecond, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSecond + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
