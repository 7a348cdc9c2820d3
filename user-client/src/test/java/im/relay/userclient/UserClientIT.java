package im.relay.userclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerClientInterceptor;
import im.relay.common.identity.CallerContext;
import im.relay.common.security.TestTokens;
import im.relay.user.UserServiceBeside;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelFactory;

/** The shared client against the real user-service, on PostgreSQL and Redis. */
class UserClientIT {

    static TestTokens tokens;
    static UserServiceBeside userService;
    static ManagedChannel channel;
    static UserClient users;

    @BeforeAll
    static void start() {
        tokens = TestTokens.start();
        userService = UserServiceBeside.start("user_client", tokens.jwksUri());
        URI address = URI.create(userService.grpcAddress());
        channel = ManagedChannelBuilder.forAddress(address.getHost(), address.getPort())
                .usePlaintext()
                .intercept(new CallerClientInterceptor())
                .build();
        users = new UserClient(new GrpcChannelFactory() {
            @Override
            public boolean supports(String target) {
                return target.equals("user-service");
            }

            @Override
            public ManagedChannel createChannel(String target, ChannelBuilderOptions options) {
                assertThat(target).isEqualTo("user-service");
                return channel;
            }
        });
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        userService.close();
        tokens.close();
    }

    @Test
    void registersAndVerifiesAUserAndRefusesATakenName() {
        String name = "ann_" + suffix();

        UserProfile created = users.create(name, "password1", name + "@example.com", null);

        assertThat(created.username()).isEqualTo(name);
        assertThat(created.email()).isEqualTo(name + "@example.com");
        assertThat(created.displayName()).isEqualTo(name);
        assertThat(created.createdAt()).isNotNull();
        assertThat(users.verify(name, "password1").id()).isEqualTo(created.id());
        assertCode(() -> users.verify(name, "wrong-password"), ErrorCode.INVALID_CREDENTIALS);
        assertCode(() -> users.create(name, "password1", null, null), ErrorCode.USERNAME_TAKEN);
    }

    @Test
    void looksUpProfilesAndNamesTheFirstUnknownId() {
        UserProfile bea = users.create("bea_" + suffix(), "password1", null, "Bea");
        UserProfile cy = users.create("cy_" + suffix(), "password1", null, null);
        UUID nobody = UUID.randomUUID();

        asCaller(bea, () -> {
            assertThat(users.profiles(List.of(bea.id(), cy.id(), nobody)))
                    .containsOnlyKeys(bea.id(), cy.id())
                    .hasEntrySatisfying(
                            bea.id(), p -> assertThat(p.displayName()).isEqualTo("Bea"))
                    .hasEntrySatisfying(cy.id(), p -> assertThat(p.email()).isNull());
            assertThat(users.profiles(List.of())).isEmpty();
            users.requireExists(cy.id());
            users.requireAllExist(List.of(bea.id(), cy.id()));
            assertCode(() -> users.requireExists(nobody), ErrorCode.NOT_FOUND);
            assertThatThrownBy(() -> users.requireAllExist(List.of(cy.id(), nobody)))
                    .isInstanceOfSatisfying(
                            RelayException.class, e -> assertThat(e.detail()).contains(nobody.toString()));
            return null;
        });
    }

    private static void asCaller(UserProfile user, Supplier<Void> work) {
        String token = tokens.accessToken(user.id().toString());
        CallerContext.runAsCall(new Caller(user.id().toString(), "session", token), work);
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
