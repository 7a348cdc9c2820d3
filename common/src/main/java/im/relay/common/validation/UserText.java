package im.relay.common.validation;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import java.util.regex.Pattern;

/**
 * The character rules for text users type, in one place for every service. Control characters are refused, not
 * cleaned: PostgreSQL cannot store U+0000 at all, and a silently altered message or name would surprise its author.
 * Unpaired surrogates are refused too, since no UTF-8 text can hold them. Display names additionally lose the
 * invisible characters that let one name pose as another (bidi overrides and isolates, zero-width characters).
 * Null passes through: whether a field is required is the caller's rule.
 */
public final class UserText {

    // U+202A–U+202E bidi embeddings and overrides, U+2066–U+2069 isolates, U+200B–U+200D zero-width space, non-joiner
    // and joiner, U+2060 word joiner, U+FEFF zero-width no-break space (BOM)
    private static final Pattern INVISIBLE_IN_NAMES =
            Pattern.compile("[\\u202A-\\u202E\\u2066-\\u2069\\u200B-\\u200D\\u2060\\uFEFF]");

    private UserText() {}

    /** Single-line text (names, remarks, descriptions, request messages, ids): no control character at all. */
    public static String plain(String field, String text) {
        return check(field, text, false);
    }

    /** Message text: tab, line feed and carriage return are allowed, no other control character. */
    public static String message(String field, String text) {
        return check(field, text, true);
    }

    /** A name shown to others (nickname, group name): invisible formatting removed, then checked as plain text. */
    public static String displayName(String field, String text) {
        return text == null
                ? null
                : plain(field, INVISIBLE_IN_NAMES.matcher(text).replaceAll(""));
    }

    private static String check(String field, String text, boolean lineBreaks) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
                throw invalid(field, "must not contain control characters (U+%04X)".formatted((int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(field, "is not valid Unicode text (an unpaired surrogate)");
            }
        }
        return text;
    }

    private static RelayException invalid(String field, String problem) {
        return new RelayException(ErrorCode.VALIDATION_FAILED, field + " " + problem);
    }
}
