package im.relay.common.validation;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import java.net.URI;

/** URLs that clients give Relay to show others (avatars, later media): http(s) with a host, of bounded length. */
public final class Urls {

    public static final int MAX_LENGTH = 2048;

    private Urls() {}

    /** The URL, or "" for none; VALIDATION_FAILED naming {@code field} otherwise. */
    public static String httpUrlOrEmpty(String field, String url) {
        if (url == null || url.isEmpty()) {
            return "";
        }
        try {
            URI uri = URI.create(url);
            if (url.length() <= MAX_LENGTH
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // not a URI at all: refused below
        }
        throw new RelayException(
                ErrorCode.VALIDATION_FAILED,
                field + " must be an http or https URL of at most " + MAX_LENGTH + " characters");
    }
}
