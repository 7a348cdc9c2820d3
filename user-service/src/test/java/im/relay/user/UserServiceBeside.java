package im.relay.user;

import im.relay.common.testing.TestServices;
import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import im.relay.proto.user.v1.CreateUserRequest;
import im.relay.proto.user.v1.UserServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real user-service, started in the JVM of another service's tests (shared through user-service's test jar):
 *
 * <pre>{@code
 * UserServiceBeside users = UserServiceBeside.start("friend_users", tokens.jwksUri());
 * registry.add("spring.grpc.client.channels.user-service.address", users::grpcAddress);
 * String aliceId = users.register("alice_1234");
 * }</pre>
 */
public final class UserServiceBeside implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final ManagedChannel channel;

    private UserServiceBeside(ConfigurableApplicationContext context) {
        this.context = context;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", TestServices.grpcPort(context))
                .usePlaintext()
                .build();
    }

    /** On a database of its own ({@code purpose}), trusting the tokens whose keys {@code jwksUri} publishes. */
    public static UserServiceBeside start(String purpose, URI jwksUri) {
        Map<String, String> properties = new HashMap<>(EngineProperties.forPurpose(purpose));
        properties.put("server.port", "0");
        properties.put("spring.grpc.server.port", "0");
        properties.put("relay.auth.jwks-uri", jwksUri.toString());
        // its outbox sends account deletions (relay.users)
        properties.put(
                "spring.kafka.bootstrap-servers", Engines.shared().kafka().bootstrapServers());
        return new UserServiceBeside(TestServices.start(UserServiceApplication.class, properties));
    }

    /** Where the other service's gRPC client finds it. */
    public String grpcAddress() {
        return "static://127.0.0.1:" + TestServices.grpcPort(context);
    }

    /** Registers a user with the password {@code password1}; returns the user's id. */
    public String register(String username) {
        return UserServiceGrpc.newBlockingStub(channel)
                .createUser(CreateUserRequest.newBuilder()
                        .setUsername(username)
                        .setPassword("password1")
                        .build())
                .getUser()
                .getId();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        context.close();
    }
}
