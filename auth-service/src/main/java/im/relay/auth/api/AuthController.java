package im.relay.auth.api;

import im.relay.auth.keys.SigningKeyService;
import im.relay.auth.session.SessionService;
import im.relay.auth.session.TokenPair;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.userclient.UserProfile;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API.md, Auth: {@code /api/auth}. Register, login, refresh and jwks are public; logout needs the access token. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    record Registration(
            String username, String password, String email, String nickname, String deviceId, String platform) {}

    record Login(String username, String password, String deviceId, String platform) {}

    record Refresh(String refreshToken) {}

    record Logout(String refreshToken) {}

    record Tokens(String accessToken, String refreshToken, String tokenType, long expiresIn) {

        static Tokens of(TokenPair pair) {
            return new Tokens(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresIn());
        }
    }

    record SignedInAnswer(UserProfile user, String accessToken, String refreshToken, String tokenType, long expiresIn) {

        static SignedInAnswer of(SignInService.SignedIn signedIn) {
            Tokens tokens = Tokens.of(signedIn.tokens());
            return new SignedInAnswer(
                    signedIn.user(),
                    tokens.accessToken(),
                    tokens.refreshToken(),
                    tokens.tokenType(),
                    tokens.expiresIn());
        }
    }

    private final SignInService signIn;
    private final SessionService sessions;
    private final SigningKeyService keys;

    AuthController(SignInService signIn, SessionService sessions, SigningKeyService keys) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.keys = keys;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    SignedInAnswer register(@RequestBody Registration body) {
        return SignedInAnswer.of(signIn.register(
                body.username(), body.password(), body.email(), body.nickname(), body.deviceId(), body.platform()));
    }

    @PostMapping("/login")
    SignedInAnswer login(@RequestBody Login body) {
        return SignedInAnswer.of(signIn.login(body.username(), body.password(), body.deviceId(), body.platform()));
    }

    @PostMapping("/refresh")
    Tokens refresh(@RequestBody Refresh body) {
        return Tokens.of(sessions.refresh(body.refreshToken()));
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(@RequestBody(required = false) Logout body) {
        Caller caller = CallerContext.require();
        sessions.end(caller.userId(), caller.sessionId(), body == null ? null : body.refreshToken());
        return ResponseEntity.noContent().build();
    }

    /** Ends every session of the caller, this one included: "log out everywhere" (docs/api-notes.md). */
    @PostMapping("/logout-all")
    ResponseEntity<Void> logoutAll() {
        Caller caller = CallerContext.require();
        sessions.endAll(caller.userId(), null, "LOGOUT_ALL");
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/jwks")
    Map<String, Object> jwks() {
        return keys.publicKeys().toJSONObject(true);
    }
}
