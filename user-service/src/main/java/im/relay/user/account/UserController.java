package im.relay.user.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import im.relay.common.identity.CallerContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API.md, Users: {@code /api/users}. Every call needs an access token. */
@RestController
@RequestMapping("/api/users")
class UserController {

    /** The caller's own profile: the only view that shows the email. */
    record OwnProfile(String id, String username, String nickname, String avatarUrl, String email, Instant createdAt) {

        static OwnProfile of(UserAccount user) {
            return new OwnProfile(
                    user.id().toString(),
                    user.username(),
                    user.nickname(),
                    user.avatarUrl(),
                    user.email(),
                    user.createdAt());
        }
    }

    /** {@code deleted} appears only on the placeholder of a deleted account ({@code true}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PublicProfile(String id, String username, String nickname, String avatarUrl, Boolean deleted) {

        static final String DELETED_NICKNAME = "Deleted user";

        static PublicProfile of(UserAccount user) {
            return new PublicProfile(user.id().toString(), user.username(), user.nickname(), user.avatarUrl(), null);
        }

        static PublicProfile deleted(String id) {
            return new PublicProfile(UUID.fromString(id).toString(), "", DELETED_NICKNAME, "", true);
        }
    }

    record AccountDeletion(String password) {}

    record ProfileChange(String nickname, String avatarUrl, String email) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    record SearchResult(List<PublicProfile> items, long total) {}

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @GetMapping("/me")
    OwnProfile me() {
        return OwnProfile.of(users.get(callerId()));
    }

    @PatchMapping("/me")
    OwnProfile updateMe(@RequestBody ProfileChange change) {
        return OwnProfile.of(users.updateProfile(callerId(), change.nickname(), change.avatarUrl(), change.email()));
    }

    @PutMapping("/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(@RequestBody PasswordChange change) {
        users.changePassword(callerId(), change.currentPassword(), change.newPassword());
    }

    /** Deletes the caller's account (password required); see docs/api-notes.md, Users. */
    @DeleteMapping("/me")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteMe(@RequestBody(required = false) AccountDeletion deletion) {
        users.deleteAccount(callerId(), deletion == null ? null : deletion.password());
    }

    @GetMapping("/{userId}")
    PublicProfile byId(@PathVariable String userId) {
        return users.wasDeleted(userId) ? PublicProfile.deleted(userId) : PublicProfile.of(users.get(userId));
    }

    @GetMapping(params = "username")
    PublicProfile byUsername(@RequestParam String username) {
        return PublicProfile.of(users.findByUsername(username));
    }

    @GetMapping("/search")
    SearchResult search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer offset) {
        UserService.SearchPage page = users.search(q, limit, offset);
        return new SearchResult(page.users().stream().map(PublicProfile::of).toList(), page.total());
    }

    private static String callerId() {
        return CallerContext.require().userId();
    }
}
