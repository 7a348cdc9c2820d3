package im.relay.auth.session;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import java.util.Locale;

/** Where a session runs; one session per platform is what the message gateway keeps online. */
public enum Platform {
    WEB,
    DESKTOP,
    MOBILE;

    /** WEB when absent, as API.md says. */
    public static Platform parse(String value) {
        if (value == null || value.isBlank()) {
            return WEB;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "platform must be WEB, DESKTOP or MOBILE");
        }
    }
}
