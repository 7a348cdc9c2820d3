package im.relay.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Users, passwords and sessions of a {@link FakeRelayServer}, with the user-service's rules. Called under its lock. */
final class FakeAccounts {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> PLATFORMS = Set.of("WEB", "DESKTOP", "MOBILE");
    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);

    /** A signed-in session: what the real server knows from a token's {@code sub} and {@code sid}. */
    record Session(String userId, String sessionId, Tokens tokens) {}

    private static final class Account {
        final String id;
        final String username;
        final Instant createdAt;
        String password;
        String nickname;
        String avatarUrl = "";
        String email;

        Account(String id, String username, String password, String nickname, Instant createdAt) {
            this.id = id;
            this.username = username;
            this.password = password;
            this.nickname = nickname;
            this.createdAt = createdAt;
        }
    }

    private final FakeRelayServer server;
    private final Map<String, Account> byId = new LinkedHashMap<>();
    private final Map<String, Account> byUsername = new HashMap<>(); // lower case
    private final Map<String, Session> byAccessToken = new HashMap<>();

    FakeAccounts(FakeRelayServer server) {
        this.server = server;
    }

    Session register(String username, String password, String nickname) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw FakeRelayServer.invalid("username must be 3 to 32 characters of letters, digits, '_', '.' or '-'");
        }
        password("password", password);
        String shown = nickname == null || nickname.isBlank() ? username : nickname(nickname);
        String key = username.toLowerCase(Locale.ROOT);
        if (byUsername.containsKey(key)) {
            throw FakeRelayServer.conflict("USERNAME_TAKEN", "username '" + username + "' is taken");
        }
        Account account = new Account(FakeRelayServer.newId(), username, password, shown, server.now());
        byId.put(account.id, account);
        byUsername.put(key, account);
        return startSession(account);
    }

    Session login(String username, String password, String platform) {
        if (platform != null && !PLATFORMS.contains(platform)) {
            throw FakeRelayServer.invalid("platform must be WEB, DESKTOP or MOBILE");
        }
        Account account = username == null ? null : byUsername.get(username.toLowerCase(Locale.ROOT));
        if (account == null || !account.password.equals(password)) {
            throw new RelayException(401, "INVALID_CREDENTIALS", "invalid username or password");
        }
        return startSession(account);
    }

    private Session startSession(Account account) {
        Tokens tokens = new Tokens(
                account.id,
                "fake-access-" + FakeRelayServer.newId(),
                "fake-refresh-" + FakeRelayServer.newId(),
                server.now().plus(ACCESS_TOKEN_LIFETIME));
        Session session = new Session(account.id, FakeRelayServer.newId(), tokens);
        byAccessToken.put(tokens.accessToken(), session);
        return session;
    }

    /** The session of an access token; 401 UNAUTHORIZED when there is none (never signed in, or logged out). */
    Session session(Tokens tokens) {
        Session session = tokens == null ? null : byAccessToken.get(tokens.accessToken());
        if (session == null) {
            throw new RelayException(401, "UNAUTHORIZED", "not signed in");
        }
        return session;
    }

    void logout(Session session) {
        byAccessToken.remove(session.tokens().accessToken());
    }

    boolean exists(String userId) {
        return userId != null && byId.containsKey(userId);
    }

    void requireExists(String userId) {
        if (!exists(userId)) {
            throw FakeRelayServer.notFound("user " + userId);
        }
    }

    /** The caller's own profile, the only one with the email. */
    User me(String userId) {
        Account account = account(userId);
        return new User(account.id, account.username, account.nickname, account.avatarUrl, account.email);
    }

    /** A public profile; 404 NOT_FOUND if there is no such user. */
    User get(String userId) {
        Account account = account(userId);
        return new User(account.id, account.username, account.nickname, account.avatarUrl, null);
    }

    String displayName(String userId) {
        return get(userId).displayName();
    }

    User updateMe(String userId, String nickname, String avatarUrl, String email) {
        Account account = account(userId);
        String newEmail = email == null ? account.email : email(email);
        if (newEmail != null && !newEmail.equalsIgnoreCase(account.email == null ? "" : account.email)) {
            boolean taken = byId.values().stream()
                    .anyMatch(other -> other != account && newEmail.equalsIgnoreCase(other.email));
            if (taken) {
                throw FakeRelayServer.conflict("EMAIL_TAKEN", "email '" + newEmail + "' is taken");
            }
        }
        String newNickname = nickname == null ? account.nickname : nickname(nickname);
        String newAvatar =
                avatarUrl == null ? account.avatarUrl : FakeRelayServer.httpUrlOrEmpty("avatarUrl", avatarUrl);
        account.email = newEmail;
        account.nickname = newNickname;
        account.avatarUrl = newAvatar;
        return me(userId);
    }

    void changePassword(String userId, String currentPassword, String newPassword) {
        password("newPassword", newPassword);
        Account account = account(userId);
        if (!account.password.equals(currentPassword)) {
            throw new RelayException(401, "INVALID_CREDENTIALS", "the current password is wrong");
        }
        account.password = newPassword;
    }

    User byUsername(String username) {
        if (username == null || username.isBlank()) {
            throw FakeRelayServer.invalid("username is required");
        }
        Account account = byUsername.get(username.toLowerCase(Locale.ROOT));
        if (account == null) {
            throw FakeRelayServer.notFound("user named '" + username + "'");
        }
        return get(account.id);
    }

    /** Substrings of username or nickname, case-insensitively; the exact username first, then by username. */
    Page<User> search(String query, int limit, int offset) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > 64) {
            throw FakeRelayServer.invalid("q must be 1 to 64 characters");
        }
        if (limit < 1 || limit > 100 || offset < 0) {
            throw FakeRelayServer.invalid("limit must be 1 to 100 and offset at least 0");
        }
        String needle = q.toLowerCase(Locale.ROOT);
        List<Account> matches = new ArrayList<>();
        for (Account account : byId.values()) {
            if (account.username.toLowerCase(Locale.ROOT).contains(needle)
                    || account.nickname.toLowerCase(Locale.ROOT).contains(needle)) {
                matches.add(account);
            }
        }
        matches.sort((a, b) -> {
            boolean aExact = a.username.equalsIgnoreCase(q);
            boolean bExact = b.username.equalsIgnoreCase(q);
            if (aExact != bExact) {
                return aExact ? -1 : 1;
            }
            return a.username.toLowerCase(Locale.ROOT).compareTo(b.username.toLowerCase(Locale.ROOT));
        });
        List<User> page = matches.stream()
                .skip(offset)
                .limit(limit)
                .map(account -> get(account.id))
                .toList();
        return new Page<>(page, offset + page.size() < matches.size(), matches.size());
    }

    private Account account(String userId) {
        Account account = userId == null ? null : byId.get(userId);
        if (account == null) {
            throw FakeRelayServer.notFound("user " + userId);
        }
        return account;
    }

    private static void password(String field, String password) {
        int length = FakeRelayServer.length(password);
        if (length < 8 || length > 128) {
            throw FakeRelayServer.invalid(field + " must be 8 to 128 characters");
        }
    }

    private static String nickname(String nickname) {
        String trimmed = nickname.strip();
        if (trimmed.isEmpty() || FakeRelayServer.length(trimmed) > 64) {
            throw FakeRelayServer.invalid("nickname must be 1 to 64 characters");
        }
        return trimmed;
    }

    /** An email, or null for none ("" clears it). */
    private static String email(String email) {
        if (email.isEmpty()) {
            return null;
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw FakeRelayServer.invalid("email is not a valid address");
        }
        return email;
    }
}
