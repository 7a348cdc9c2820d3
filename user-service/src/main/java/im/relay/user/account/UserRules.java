package im.relay.user.account;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.validation.Urls;
import im.relay.common.validation.UserText;
import java.util.regex.Pattern;

/** What API.md allows for each user field; every way in (REST, gRPC) passes through here. */
final class UserRules {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    // deliberately loose: one @, something on both sides, a dot in the domain; the mailbox is the real check
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    static final int PASSWORD_MIN = 8;
    static final int PASSWORD_MAX = 128;
    static final int NICKNAME_MAX = 64;
    static final int EMAIL_MAX = 254;

    private UserRules() {}

    static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw invalid("username must be 3 to 32 characters of letters, digits, '_', '.' or '-'");
        }
        return username;
    }

    static String password(String field, String password) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
            throw invalid(field + " must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters");
        }
        return password;
    }

    /** An email, or null for none (an empty string clears it). */
    static String email(String email) {
        if (email == null || email.isEmpty()) {
            return null;
        }
        UserText.plain("email", email);
        if (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches()) {
            throw invalid("email is not a valid address");
        }
        return email;
    }

    static String nickname(String nickname) {
        String trimmed = nickname == null
                ? ""
                : UserText.displayName("nickname", nickname).strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > NICKNAME_MAX) {
            throw invalid("nickname must be 1 to " + NICKNAME_MAX + " characters");
        }
        return trimmed;
    }

    static String avatarUrl(String url) {
        return Urls.httpUrlOrEmpty("avatarUrl", url);
    }

    static RelayException invalid(String detail) {
        return new RelayException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
