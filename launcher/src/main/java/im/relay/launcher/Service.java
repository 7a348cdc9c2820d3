package im.relay.launcher;

import im.relay.auth.AuthServiceApplication;
import im.relay.friend.FriendServiceApplication;
import im.relay.gateway.GatewayServiceApplication;
import im.relay.group.GroupServiceApplication;
import im.relay.groupmessage.GroupMessageServerApplication;
import im.relay.messagegateway.MessageGatewayApplication;
import im.relay.privatemessage.PrivateMessageServerApplication;
import im.relay.user.UserServiceApplication;
import java.util.ArrayList;
import java.util.List;

/**
 * The eight services in the order they start, each after those it calls, but for one cycle: friend-service asks
 * message-gateway for presence (the channel of its defaults file, 127.0.0.1:9090) only when a friend list is read.
 * Ports as in their defaults files; each service's management port (probes, /actuator/prometheus) is its HTTP port
 * + 10000.
 */
enum Service {
    USER("user-service", UserServiceApplication.class, 8082, 9082, "relay_user", Kind.SERVLET),
    AUTH("auth-service", AuthServiceApplication.class, 8081, 9081, "relay_auth", Kind.SERVLET),
    FRIEND("friend-service", FriendServiceApplication.class, 8083, 9083, "relay_friend", Kind.SERVLET),
    GROUP("group-service", GroupServiceApplication.class, 8084, 9084, "relay_group", Kind.SERVLET),
    PRIVATE_MESSAGES(
            "private-message-server",
            PrivateMessageServerApplication.class,
            8085,
            9085,
            "relay_private_message",
            Kind.SERVLET),
    GROUP_MESSAGES(
            "group-message-server",
            GroupMessageServerApplication.class,
            8086,
            9086,
            "relay_group_message",
            Kind.SERVLET),
    MESSAGE_GATEWAY("message-gateway", MessageGatewayApplication.class, 8090, 9090, null, Kind.REACTIVE),
    GATEWAY("gateway-service", GatewayServiceApplication.class, 8080, 0, null, Kind.GATEWAY);

    /** What a service needs so that eight of them can share one classpath. */
    enum Kind {
        SERVLET,
        REACTIVE,
        GATEWAY
    }

    private static final String NO_DATABASE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";
    /** Tomcat is on the shared classpath: a reactive service's management port must be Netty's, not both. */
    private static final String NO_TOMCAT_MANAGEMENT =
            "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration";

    private static final String NOT_A_GATEWAY =
            "org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration";

    final String serviceName;
    final Class<?> application;
    final int httpPort;
    final int grpcPort;
    final String database;
    final Kind kind;

    Service(String serviceName, Class<?> application, int httpPort, int grpcPort, String database, Kind kind) {
        this.serviceName = serviceName;
        this.application = application;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.database = database;
        this.kind = kind;
    }

    /** Where the service's probes and /actuator/prometheus answer (management.server.port in its defaults). */
    int managementPort() {
        return httpPort + 10_000;
    }

    /** The one address the services' internal ports listen on in a one-machine run. */
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * The Spring arguments that wire this service to the engines and keep it apart from its neighbours. Only the two
     * client-facing ports (8080, and 8090 for the WebSocket) listen beyond this machine; every internal port (the
     * services' own HTTP, all gRPC and every management port) listens on the loopback address. The services call each
     * other over gRPC's in-process transport: the same calls, interceptors and deadlines, without the loopback socket,
     * HTTP/2 framing and protobuf encoding of each message in both directions (docs/decisions.md 27). The gRPC ports
     * stay open for grpcurl and for message-gateway's node-to-node calls.
     */
    List<String> arguments(Infrastructure engines, DataSecrets secrets) {
        List<String> args = new ArrayList<>();
        args.add("--management.server.address=" + LOOPBACK);
        if (grpcPort != 0) {
            args.add("--spring.grpc.server.host=" + LOOPBACK);
            // beside its port, for its neighbours in this JVM
            args.add("--spring.grpc.server.inprocess.name=" + serviceName);
        }
        for (Service callee : values()) {
            if (callee.grpcPort != 0) {
                // a channel named after a service (every client channel is) reaches it without a socket
                args.add("--spring.grpc.client.channels." + callee.serviceName + ".address=in-process:"
                        + callee.serviceName);
            }
        }
        args.add("--spring.data.redis.url=" + engines.redisUrl());
        args.add("--spring.kafka.bootstrap-servers=" + engines.kafkaBootstrapServers());
        if (database != null) {
            args.add("--spring.datasource.url=" + engines.database(database));
            args.add("--spring.datasource.username=" + engines.databaseUsername());
            args.add("--spring.datasource.password=" + engines.databasePassword());
        }
        if (this == AUTH) {
            args.add("--relay.auth.keys.encryption-key=" + secrets.get("auth.key-encryption-key"));
        }
        if (this == PRIVATE_MESSAGES || this == GROUP_MESSAGES) {
            // message-gateway's send stream is authenticated with the cluster secret
            args.add("--relay.message-gateway.cluster.secret=" + secrets.get("message-gateway.cluster-secret"));
        }
        switch (kind) {
            case SERVLET -> {
                args.add("--server.address=" + LOOPBACK);
                args.add("--spring.cloud.gateway.server.webflux.enabled=false");
                args.add("--spring.autoconfigure.exclude=" + NOT_A_GATEWAY);
            }
            case REACTIVE -> {
                args.add("--relay.message-gateway.cluster.secret=" + secrets.get("message-gateway.cluster-secret"));
                args.add("--spring.main.web-application-type=reactive");
                args.add("--spring.cloud.gateway.server.webflux.enabled=false");
                args.add("--spring.autoconfigure.exclude=" + NO_DATABASE + "," + NOT_A_GATEWAY + ","
                        + NO_TOMCAT_MANAGEMENT);
            }
            case GATEWAY -> {
                args.add("--spring.main.web-application-type=reactive");
                args.add("--spring.autoconfigure.exclude=" + NO_DATABASE + "," + NO_TOMCAT_MANAGEMENT);
            }
        }
        return args;
    }
}
