package im.relay.auth.api;

import im.relay.auth.session.SessionService;
import im.relay.auth.session.TokenPair;
import im.relay.userclient.UserClient;
import im.relay.userclient.UserProfile;
import org.springframework.stereotype.Service;

/** Register and login: prove who the user is (user-service), then start a session. */
@Service
class SignInService {

    /** A signed-in user and their first token pair. */
    record SignedIn(UserProfile user, TokenPair tokens) {}

    private final UserClient users;
    private final SessionService sessions;

    SignInService(UserClient users, SessionService sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    SignedIn register(
            String username, String password, String email, String nickname, String deviceId, String platform) {
        sessions.validateDevice(deviceId, platform); // refuse bad input before the user exists
        UserProfile user = users.create(username, password, email, nickname);
        return new SignedIn(user, sessions.start(user.id().toString(), deviceId, platform));
    }

    SignedIn login(String username, String password, String deviceId, String platform) {
        sessions.validateDevice(deviceId, platform);
        UserProfile user = users.verify(username, password);
        return new SignedIn(user, sessions.start(user.id().toString(), deviceId, platform));
    }
}
