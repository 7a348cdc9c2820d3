package im.relay.auth.api;

import static im.relay.common.grpc.Protos.reply;

import com.google.protobuf.Timestamp;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import im.relay.auth.keys.SigningKeyService;
import im.relay.auth.session.SessionService;
import im.relay.common.grpc.Protos;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.common.identity.TokenVerifier;
import im.relay.common.security.AccessTokenClaims;
import im.relay.proto.auth.v1.AuthServiceGrpc;
import im.relay.proto.auth.v1.EndOtherSessionsRequest;
import im.relay.proto.auth.v1.EndOtherSessionsResponse;
import im.relay.proto.auth.v1.GetJwksRequest;
import im.relay.proto.auth.v1.GetJwksResponse;
import im.relay.proto.auth.v1.InvalidateTokenRequest;
import im.relay.proto.auth.v1.InvalidateTokenResponse;
import im.relay.proto.auth.v1.LoginRequest;
import im.relay.proto.auth.v1.LoginResponse;
import im.relay.proto.auth.v1.Platform;
import im.relay.proto.auth.v1.RefreshTokenRequest;
import im.relay.proto.auth.v1.RefreshTokenResponse;
import im.relay.proto.auth.v1.RegisterRequest;
import im.relay.proto.auth.v1.RegisterResponse;
import im.relay.proto.auth.v1.SessionInfo;
import im.relay.proto.auth.v1.TokenPair;
import im.relay.proto.auth.v1.ValidateTokenRequest;
import im.relay.proto.auth.v1.ValidateTokenResponse;
import im.relay.proto.user.v1.User;
import im.relay.userclient.UserProfile;
import io.grpc.stub.StreamObserver;
import java.text.ParseException;
import java.time.Instant;
import org.springframework.stereotype.Service;

/** The original design's token calls (ValidateToken, RefreshToken, InvalidateToken) and sign-in. */
@Service
class AuthGrpcEndpoint extends AuthServiceGrpc.AuthServiceImplBase {

    private final SignInService signIn;
    private final SessionService sessions;
    private final SigningKeyService keys;
    private final TokenVerifier verifier;

    AuthGrpcEndpoint(SignInService signIn, SessionService sessions, SigningKeyService keys, TokenVerifier verifier) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.keys = keys;
        this.verifier = verifier;
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
        SignInService.SignedIn signedIn = signIn.register(
                request.getUsername(),
                request.getPassword(),
                request.hasEmail() ? request.getEmail() : null,
                request.hasNickname() ? request.getNickname() : null,
                deviceId(request.getSession()),
                platform(request.getSession()));
        reply(
                response,
                RegisterResponse.newBuilder()
                        .setUser(user(signedIn.user()))
                        .setTokens(pair(signedIn.tokens()))
                        .build());
    }

    @Override
    public void login(LoginRequest request, StreamObserver<LoginResponse> response) {
        SignInService.SignedIn signedIn = signIn.login(
                request.getUsername(),
                request.getPassword(),
                deviceId(request.getSession()),
                platform(request.getSession()));
        reply(
                response,
                LoginResponse.newBuilder()
                        .setUser(user(signedIn.user()))
                        .setTokens(pair(signedIn.tokens()))
                        .build());
    }

    @Override
    public void validateToken(ValidateTokenRequest request, StreamObserver<ValidateTokenResponse> response) {
        Caller caller = verifier.verify(request.getAccessToken());
        JWTClaimsSet claims = claims(request.getAccessToken());
        Instant expires = claims.getExpirationTime().toInstant();
        reply(
                response,
                ValidateTokenResponse.newBuilder()
                        .setUserId(caller.userId())
                        .setSessionId(caller.sessionId())
                        .setTokenId(claims.getJWTID())
                        .setPlatform(Platform.valueOf("PLATFORM_" + claims.getClaim(AccessTokenClaims.PLATFORM)))
                        .setDeviceId(String.valueOf(claims.getClaim(AccessTokenClaims.DEVICE_ID)))
                        .setExpiresAt(Timestamp.newBuilder().setSeconds(expires.getEpochSecond()))
                        .build());
    }

    @Override
    public void refreshToken(RefreshTokenRequest request, StreamObserver<RefreshTokenResponse> response) {
        reply(
                response,
                RefreshTokenResponse.newBuilder()
                        .setTokens(pair(sessions.refresh(request.getRefreshToken())))
                        .build());
    }

    @Override
    public void invalidateToken(InvalidateTokenRequest request, StreamObserver<InvalidateTokenResponse> response) {
        Caller caller = verifier.verify(request.getAccessToken());
        sessions.end(caller.userId(), caller.sessionId(), request.hasRefreshToken() ? request.getRefreshToken() : null);
        reply(response, InvalidateTokenResponse.getDefaultInstance());
    }

    /** For user-service after a password change: the caller's own session stays, every other one ends. */
    @Override
    public void endOtherSessions(EndOtherSessionsRequest request, StreamObserver<EndOtherSessionsResponse> response) {
        Caller caller = CallerContext.require();
        int ended = request.getIncludeOwn()
                ? sessions.endAll(caller.userId(), null, "ACCOUNT_DELETED")
                : sessions.endAll(caller.userId(), caller.sessionId(), "OTHER_SESSIONS_ENDED");
        reply(response, EndOtherSessionsResponse.newBuilder().setEnded(ended).build());
    }

    @Override
    public void getJwks(GetJwksRequest request, StreamObserver<GetJwksResponse> response) {
        reply(
                response,
                GetJwksResponse.newBuilder()
                        .setJwksJson(keys.publicKeys().toString(true))
                        .build());
    }

    private static String deviceId(SessionInfo session) {
        return session.hasDeviceId() ? session.getDeviceId() : null;
    }

    private static String platform(SessionInfo session) {
        return session.getPlatform() == Platform.PLATFORM_UNSPECIFIED
                ? null
                : session.getPlatform().name().substring("PLATFORM_".length());
    }

    private static JWTClaimsSet claims(String verifiedToken) {
        try {
            return SignedJWT.parse(verifiedToken).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException("a verified token does not parse", e);
        }
    }

    private static TokenPair pair(im.relay.auth.session.TokenPair tokens) {
        return TokenPair.newBuilder()
                .setAccessToken(tokens.accessToken())
                .setRefreshToken(tokens.refreshToken())
                .setExpiresIn(tokens.expiresIn())
                .setSessionId(tokens.sessionId())
                .build();
    }

    private static User user(UserProfile profile) {
        User.Builder user = User.newBuilder()
                .setId(profile.id().toString())
                .setUsername(profile.username())
                .setNickname(profile.nickname())
                .setAvatarUrl(profile.avatarUrl())
                .setCreatedAt(Protos.timestamp(profile.createdAt()));
        if (profile.email() != null) {
            user.setEmail(profile.email());
        }
        return user.build();
    }
}
