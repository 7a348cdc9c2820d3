package im.relay.user.account;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.id.Ids;
import im.relay.common.validation.UserText;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Registration, credentials, profiles and search: the use cases behind both REST and gRPC. */
@Service
public class UserService {

    /** One page of a search, with the number of all matches. */
    public record SearchPage(List<UserAccount> users, long total) {}

    static final int SEARCH_DEFAULT_LIMIT = 20;
    static final int SEARCH_MAX_LIMIT = 100;
    static final int QUERY_MAX = 64;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuthClient auth;
    private final FailedLoginLimiter failedLogins;
    private final UserEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    UserService(
            UserRepository users,
            PasswordHasher hasher,
            AuthClient auth,
            FailedLoginLimiter failedLogins,
            UserEventPublisher events,
            TransactionTemplate transaction,
            Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.auth = auth;
        this.failedLogins = failedLogins;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    public UserAccount register(String username, String password, String email, String nickname) {
        UserRules.username(username);
        UserRules.password("password", password);
        Instant now = now();
        UserAccount user = new UserAccount(
                Ids.newUuid(),
                username,
                UserRules.email(email),
                nickname == null || nickname.isBlank() ? username : UserRules.nickname(nickname),
                "",
                now,
                now);
        String hash = hasher.hash(password);
        try {
            transaction.executeWithoutResult(status -> {
                users.insert(user, hash);
                events.registered(user);
            });
        } catch (DuplicateKeyException e) {
            throw conflict(e, user);
        }
        return user;
    }

    /**
     * The user these credentials belong to; unknown user and wrong password fail alike and take as long, and both
     * count towards the account's failed-login limit (every login door ends here).
     */
    public UserAccount verifyCredentials(String username, String password) {
        failedLogins.checkAllowed(username);
        Optional<UserRepository.StoredCredentials> stored =
                username == null || password == null ? Optional.empty() : users.findCredentials(username);
        boolean valid = stored.isPresent()
                ? hasher.matches(password, stored.get().passwordHash())
                : hasher.matchesNothing(password == null ? "" : password);
        if (!valid) {
            failedLogins.failed(username);
            throw new RelayException(ErrorCode.INVALID_CREDENTIALS, "invalid username or password");
        }
        failedLogins.succeeded(username);
        UserAccount user = stored.get().account();
        if (hasher.needsRehash(stored.get().passwordHash())) {
            users.updatePasswordHash(user.id(), hasher.hash(password), now());
        }
        return user;
    }

    public UserAccount get(String userId) {
        return parseId(userId)
                .flatMap(users::findById)
                .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no user " + userId));
    }

    /** The users that exist among {@code userIds}, in no particular order. */
    public List<UserAccount> getAll(Collection<String> userIds) {
        return users.findByIds(userIds.stream()
                .map(UserService::parseId)
                .flatMap(Optional::stream)
                .distinct()
                .toList());
    }

    public UserAccount findByUsername(String username) {
        if (username == null || username.isBlank()) {
            throw UserRules.invalid("username is required");
        }
        UserText.plain("username", username);
        return users.findByUsername(username)
                .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no user named '" + username + "'"));
    }

    public SearchPage search(String query, Integer limit, Integer offset) {
        String q = query == null ? "" : UserText.plain("q", query).strip();
        if (q.isEmpty() || q.length() > QUERY_MAX) {
            throw UserRules.invalid("q must be 1 to " + QUERY_MAX + " characters");
        }
        int size = limit == null ? SEARCH_DEFAULT_LIMIT : limit;
        int skip = offset == null ? 0 : offset;
        if (size < 1 || size > SEARCH_MAX_LIMIT || skip < 0) {
            throw UserRules.invalid("limit must be 1 to " + SEARCH_MAX_LIMIT + " and offset at least 0");
        }
        return new SearchPage(users.search(q, size, skip), users.countMatching(q));
    }

    /** Null leaves a field as it is; an empty avatarUrl or email clears it. */
    public UserAccount updateProfile(String userId, String nickname, String avatarUrl, String email) {
        UserAccount current = get(userId);
        UserAccount updated = new UserAccount(
                current.id(),
                current.username(),
                email == null ? current.email() : UserRules.email(email),
                nickname == null ? current.nickname() : UserRules.nickname(nickname),
                avatarUrl == null ? current.avatarUrl() : UserRules.avatarUrl(avatarUrl),
                current.createdAt(),
                now());
        try {
            users.updateProfile(updated);
        } catch (DuplicateKeyException e) {
            throw conflict(e, updated);
        }
        return updated;
    }

    /**
     * Changes the caller's password and ends every other session of theirs (whoever holds one may not know the new
     * password). Sessions end first: if auth-service cannot end them, the password stays as it was and the caller
     * may retry; if the update then fails, the sessions are gone but the password is unchanged: safe either way.
     */
    public void changePassword(String userId, String currentPassword, String newPassword) {
        UserRules.password("newPassword", newPassword);
        UserAccount user = get(userId);
        checkPassword(user, currentPassword, "the current password is wrong");
        auth.endOtherSessions();
        users.updatePasswordHash(user.id(), hasher.hash(newPassword), now());
    }

    /**
     * Deletes the caller's account after checking their password. Every session ends first (tokens refused at once,
     * sockets closed with 4002): if auth-service cannot end them, nothing is deleted and the caller may retry. Then
     * one transaction deletes the row, keeps the id as deleted and writes the UserDeleted event to the outbox; the
     * other services do their part (friendships, groups, any session opened meanwhile) when it reaches them.
     */
    public void deleteAccount(String userId, String password) {
        UserAccount user = get(userId);
        checkPassword(user, password, "the password is wrong");
        auth.endAllSessions();
        Instant now = now();
        transaction.executeWithoutResult(status -> {
            if (users.delete(user.id(), now)) {
                events.deleted(user.id(), now);
            }
        });
    }

    /** True when {@code userId} names an account that was deleted (profiles show the placeholder). */
    public boolean wasDeleted(String userId) {
        return parseId(userId).map(users::wasDeleted).orElse(false);
    }

    /** A password check of a signed-in user, counted by the failed-login limiter like a login. */
    private void checkPassword(UserAccount user, String password, String wrong) {
        // a stolen access token must not make the password guessable either
        failedLogins.checkAllowed(user.username());
        String hash = users.findPasswordHash(user.id()).orElseThrow();
        if (password == null || !hasher.matches(password, hash)) {
            failedLogins.failed(user.username());
            throw new RelayException(ErrorCode.INVALID_CREDENTIALS, wrong);
        }
        failedLogins.succeeded(user.username());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Optional<UUID> parseId(String id) {
        try {
            return Optional.ofNullable(id).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // ids are opaque: a malformed one is simply unknown
        }
    }

    private static RelayException conflict(DuplicateKeyException e, UserAccount user) {
        String message = String.valueOf(e.getMostSpecificCause().getMessage());
        if (message.contains("users_email_key")) {
            return new RelayException(ErrorCode.EMAIL_TAKEN, "email '" + user.email() + "' is taken");
        }
        return new RelayException(ErrorCode.USERNAME_TAKEN, "username '" + user.username() + "' is taken");
    }
}
