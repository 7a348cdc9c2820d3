package im.relay.common.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The "配置已更新" line's account of a refresh: each changed key with its value before and after, secrets masked, so
 * that an operator sees what took effect without the log leaking a password.
 */
final class ConfigChanges {

    static final String MASK = "******";
    private static final int LONGEST_VALUE = 80;
    private static final List<String> SECRET_WORDS =
            List.of("password", "passwd", "secret", "token", "credential", "privatekey", "apikey");
    /** The password of a URL's user info: {@code redis://user:pw@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)[^@/\\s]+@");
    /** A password passed as a URL parameter: {@code jdbc:postgresql://db/x?password=pw}. */
    private static final Pattern PARAMETER_PASSWORD = Pattern.compile("(?i)((?:password|secret)=)[^&\\s]+");

    private ConfigChanges() {}

    /** {@code a.b: 1 → 2, c.d: (unset) → x}, in key order. */
    static String describe(Map<String, Object> before, Map<String, Object> after) {
        return describe(before, after, Set.of());
    }

    /** As above, with {@code secretKeys} (those a mounted Secret holds) masked whatever their names. */
    static String describe(Map<String, Object> before, Map<String, Object> after, Set<String> secretKeys) {
        return after.keySet().stream()
                .map(key -> {
                    boolean secret = secretKeys.contains(key) || isSecret(key);
                    return key + ": " + shown(secret, before.get(key)) + " → " + shown(secret, after.get(key));
                })
                .collect(Collectors.joining(", "));
    }

    static boolean isSecret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1)
                .toLowerCase(Locale.ROOT)
                .replace("-", "")
                .replace("_", "");
        return last.endsWith("key") || SECRET_WORDS.stream().anyMatch(last::contains);
    }

    private static String shown(boolean secret, Object value) {
        if (value == null) {
            return "(unset)";
        }
        if (secret) {
            return MASK;
        }
        String text = String.valueOf(value);
        text = URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
        text = PARAMETER_PASSWORD.matcher(text).replaceAll("$1" + MASK);
        return text.length() > LONGEST_VALUE ? text.substring(0, LONGEST_VALUE) + "…" : text;
    }
}
