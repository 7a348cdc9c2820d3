package im.relay.gateway.edge;

/**
 * Whether a raw request path is spelt canonically. Limits and public paths are kept per path, and the services behind
 * decode a path and drop its matrix parameters before they route it: {@code /api/auth/login;x} and
 * {@code /api/auth/%6cogin} reach the login handler too. Rather than count every spelling, the gateway accepts one:
 * no matrix parameters, no backslash, no empty or dot segment, and percent-encoding only where a character needs it
 * (RFC 3986 section 2.3: letters, digits and {@code -._~} are never encoded; an encoded {@code %}, {@code /},
 * {@code \}, {@code ;} or control character could be decoded into another path further on).
 */
final class PathSpelling {

    private PathSpelling() {}

    /** Why {@code rawPath} (as received, still percent-encoded) is refused, or null when it is canonical. */
    static String problem(String rawPath) {
        if (rawPath.indexOf(';') >= 0) {
            return "matrix parameters (;) are not accepted";
        }
        if (rawPath.indexOf('\\') >= 0) {
            return "a backslash is not accepted";
        }
        String encoding = encodingProblem(rawPath);
        if (encoding != null) {
            return encoding;
        }
        String[] segments = rawPath.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segments are not accepted";
            }
            if (segment.isEmpty() && i < segments.length - 1) {
                return "empty segments (//) are not accepted";
            }
        }
        return null;
    }

    private static String encodingProblem(String rawPath) {
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            int high = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(rawPath.charAt(i + 2), 16) : -1;
            if (low < 0) {
                return "malformed percent-encoding";
            }
            char decoded = (char) (high * 16 + low);
            String escape = rawPath.substring(i, i + 3);
            if (isUnreserved(decoded)) {
                return "'" + decoded + "' must not be percent-encoded (" + escape + ")";
            }
            if (decoded == '%'
                    || decoded == '/'
                    || decoded == '\\'
                    || decoded == ';'
                    || decoded < 0x20
                    || decoded == 0x7f) {
                return "the encoded character " + escape + " is not accepted";
            }
        }
        return null;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }
}
