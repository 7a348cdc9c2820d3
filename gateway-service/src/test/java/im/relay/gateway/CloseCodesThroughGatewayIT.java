package im.relay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import im.relay.common.outbox.Topics;
import im.relay.common.testing.TestServices;
import im.relay.engines.Engines;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import im.relay.proto.events.v1.SessionEvent;
import im.relay.proto.events.v1.SessionRevoked;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Every close code of API.md reaches the client with its reason, whether it talks to a message-gateway node directly
 * or through the API gateway's {@code /api/chat/ws} route: 4001, 4002, 4003, 4008, 1001 and 1009; and the API
 * gateway's proxy hands on every close code a server may send (1012–1014 included), with its reason. The opening too:
 * a socket open to the client is registered on the node; a node's refusal is the client's HTTP status.
 */
class CloseCodesThroughGatewayIT {

    private static final GatewayCluster cluster = GatewayCluster.shared();
    /** The port of the node that test stops (1001): known before the API gateway starts, which routes to it. */
    private static final int stoppingNodePort = TestServices.freePort();
    /**
     * An upstream that closes each socket with the code and reason of the frame it gets ("1013 reason"). It reads on
     * until the client answers its close: Reactor Netty answers a reader that stops early with a close of its own,
     * with no code.
     */
    private static final DisposableServer closer = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes.ws(
                    "/ws",
                    (in, out) -> in.receive()
                            .asString()
                            .concatMap(frame -> out.sendClose(
                                    Integer.parseInt(frame.substring(0, frame.indexOf(' '))),
                                    frame.substring(frame.indexOf(' ') + 1)))
                            .then()))
            .bindNow();

    private static final ConfigurableApplicationContext apiGateway = TestServices.start(
            GatewayServiceApplication.class,
            Map.of(
                    "server.port",
                    "0",
                    "spring.main.web-application-type",
                    "reactive",
                    "spring.autoconfigure.exclude",
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                            + TestServices.TOMCAT_MANAGEMENT,
                    "spring.data.redis.url",
                    Engines.shared().redis().url(),
                    "relay.auth.jwks-uri",
                    cluster.tokens().jwksUri().toString(),
                    "spring.cloud.discovery.client.simple.instances.message-gateway[0].uri",
                    "http://127.0.0.1:" + cluster.httpPort(1),
                    "relay.test.stopping-node-uri",
                    "ws://127.0.0.1:" + stoppingNodePort,
                    "relay.test.closer-uri",
                    "ws://127.0.0.1:" + closer.port()),
            StoppingNodeRoute.class);

    /** A close as a client saw it. */
    record Close(int code, String reason) {}

    /** How a client reaches a node. */
    enum Entry {
        MESSAGE_GATEWAY,
        API_GATEWAY
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void aNewLoginOnTheSamePlatformClosesTheOldSocketWith4001(Entry entry) {
        String user = "una-" + UUID.randomUUID();
        try (WsClient old = connect(entry, cluster.token(user, session()), "WEB")) {
            ping(old, "old");
            try (WsClient replacement = connect(entry, cluster.token(user, session()), "WEB")) {
                assertThat(old.awaitClose()).isEqualTo(4001);
                assertThat(old.closeReason()).isEqualTo("logged in elsewhere");
                if (entry == Entry.MESSAGE_GATEWAY) {
                    // through the API gateway the kicked frame right before the close was once missing: not this item
                    assertThat(old.frames(frame -> frame.path("type").asString().equals("kicked")))
                            .as(old.frames().toString())
                            .isNotEmpty();
                }
                ping(replacement, "new");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void aSocketIsRegisteredOnTheNodeByTheTimeItsClientSeesItOpen(Entry entry) {
        // the API gateway once answered 101 before it connected to the node: a notification pushed in between was lost
        for (int i = 0; i < 10; i++) {
            String user = "uma-" + UUID.randomUUID();
            String session = session();
            try (WsClient client = connect(entry, cluster.token(user, session), "WEB")) {
                assertThat(cluster.redis().opsForHash().entries("relay:route:" + user))
                        .containsOnlyKeys(session);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void aHandshakeTheNodeRefusesIsRefusedWithTheNodesStatusInsteadOfAnUpgrade(Entry entry) {
        String token = cluster.token("una-" + UUID.randomUUID(), session());

        assertThatThrownBy(() -> connect(entry, token, "PHONE"))
                .cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, refused -> {
                    assertThat(refused.getResponse().statusCode()).isEqualTo(400);
                    assertThat(refused.getResponse().headers().firstValue("Content-Type"))
                            .hasValue("application/problem+json");
                });
    }

    @Test
    void aSocketToANodeThatIsDownIsRefusedWith503() {
        String token = cluster.token("una-" + UUID.randomUUID(), session());

        assertThatThrownBy(() -> connect(Entry.API_GATEWAY, stoppingNodePort, token))
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        refused ->
                                assertThat(refused.getResponse().statusCode()).isEqualTo(503));
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void aLogoutClosesTheSocketWith4002(Entry entry) {
        String user = "vic-" + UUID.randomUUID();
        String session = session();
        try (WsClient client = connect(entry, cluster.token(user, session), "WEB")) {
            ping(client, "ready");

            cluster.publish(
                    Topics.SESSIONS,
                    user,
                    SessionEvent.newBuilder()
                            .setEventId(UUID.randomUUID().toString())
                            .setOccurredAt(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000))
                            .setUserId(user)
                            .setSessionId(session)
                            .setRevoked(SessionRevoked.newBuilder().setReason("logout"))
                            .build()
                            .toByteArray());

            assertThat(client.awaitClose()).isEqualTo(4002);
            assertThat(client.closeReason()).isEqualTo("session revoked");
        }
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void anAccessTokenThatExpiresClosesTheSocketWith4003(Entry entry) {
        String token = cluster.tokens()
                .sign(cluster.tokens()
                        .claims("wes-" + UUID.randomUUID(), session())
                        .expirationTime(Date.from(Instant.now().plusSeconds(3)))
                        .build());

        try (WsClient client = connect(entry, token, "WEB")) {
            assertThat(client.awaitClose()).isEqualTo(4003);
            assertThat(client.closeReason()).isEqualTo("token expired");
        }
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void sendingFarOverTheRateLimitClosesTheSocketWith4008(Entry entry) {
        try (WsClient client = connect(entry, cluster.token("xia-" + UUID.randomUUID(), session()), "WEB")) {
            for (int i = 0; i < 400 && !client.isClosed(); i++) {
                try {
                    client.send("{\"type\":\"send\",\"id\":\"burst-" + i + "\",\"conversationType\":\"PRIVATE\","
                            + "\"to\":\"friend-" + UUID.randomUUID()
                            + "\",\"contentType\":\"TEXT\",\"content\":\"hi\"}");
                } catch (CompletionException closedMeanwhile) {
                    break;
                }
            }

            assertThat(client.awaitClose()).isEqualTo(4008);
            assertThat(client.closeReason()).isEqualTo("rate limit exceeded");
        }
    }

    @Test
    void aFrameOver64KiBClosesTheSocketWith1009() {
        Close direct = closeAfterAFrameOver64KiB(Entry.MESSAGE_GATEWAY);

        assertThat(direct.code()).isEqualTo(1009);
        assertThat(direct.reason()).isNotEmpty();
        assertThat(closeAfterAFrameOver64KiB(Entry.API_GATEWAY)).isEqualTo(direct);
    }

    private static Close closeAfterAFrameOver64KiB(Entry entry) {
        try (WsClient client = connect(entry, cluster.token("yan-" + UUID.randomUUID(), session()), "WEB")) {
            try {
                client.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(70_000) + "\"}");
            } catch (CompletionException closedMeanwhile) {
                // the server may close before the whole frame is written
            }
            return new Close(client.awaitClose(), client.closeReason());
        }
    }

    /**
     * Every code a server may send, on the closer's own port and through the API gateway. 1010 is left out: only a
     * client may send it (a server's 1010 is refused by the JDK's client, rightly).
     */
    @ParameterizedTest
    @ValueSource(
            ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1011, 1012, 1013, 1014, 4001, 4002, 4003, 4008, 4999})
    void theApiGatewayHandsOnEveryCloseCodeWithItsReason(int code) {
        String token = cluster.token("ada-" + UUID.randomUUID(), session());
        Close expected = new Close(code, "closed with " + code);

        assertThat(closeAsked(open(closer.port(), "/ws"), code)).isEqualTo(expected);
        assertThat(closeAsked(
                        open(TestServices.httpPort(apiGateway), "/api/test/closer/ws?token=" + encode(token)), code))
                .isEqualTo(expected);
    }

    private static Close closeAsked(WsClient socket, int code) {
        try (WsClient client = socket) {
            client.send(code + " closed with " + code);
            return new Close(client.awaitClose(), client.closeReason());
        }
    }

    @ParameterizedTest
    @EnumSource(Entry.class)
    void aStoppingNodeClosesItsSocketsWith1001(Entry entry) {
        ConfigurableApplicationContext node =
                cluster.startExtraNode(Map.of("server.port", Integer.toString(stoppingNodePort)));
        try (WsClient client = connect(entry, stoppingNodePort, cluster.token("zoe-" + UUID.randomUUID(), session()))) {
            ping(client, "on-the-stopping-node");

            cluster.stopExtraNode(node);

            assertThat(client.awaitClose()).isEqualTo(1001);
            assertThat(client.closeReason()).isEqualTo("server going away");
        }
    }

    private static WsClient connect(Entry entry, String token, String platform) {
        String path = entry == Entry.MESSAGE_GATEWAY ? "/ws" : "/api/chat/ws";
        int port = entry == Entry.MESSAGE_GATEWAY ? cluster.httpPort(1) : TestServices.httpPort(apiGateway);
        return open(port, path + "?platform=" + platform + "&token=" + encode(token));
    }

    /** To the node that a test stops: on its own port, or through the API gateway's route to it. */
    private static WsClient connect(Entry entry, int nodePort, String token) {
        return entry == Entry.MESSAGE_GATEWAY
                ? open(nodePort, "/ws?token=" + encode(token))
                : open(TestServices.httpPort(apiGateway), "/api/test/stopping-node/ws?token=" + encode(token));
    }

    private static WsClient open(int port, String pathAndQuery) {
        return WsClient.open(URI.create("ws://127.0.0.1:" + port + pathAndQuery), Map.of());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String session() {
        return "s-" + UUID.randomUUID();
    }

    private static void ping(WsClient client, String id) {
        client.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        client.await("pong", "id", id);
    }

    /** Routes like chat-ws: to the node that a test stops, and to the closer. */
    // not a @Configuration: the gateway's component scan would pick it up; passed as a source, its @Bean still counts
    static class StoppingNodeRoute {
        @Bean
        RouteLocator stoppingNodeRoute(RouteLocatorBuilder routes, Environment environment) {
            return routes.routes()
                    .route(
                            "stopping-node",
                            route -> route.path("/api/test/stopping-node/ws")
                                    .filters(filters -> filters.setPath("/ws"))
                                    .uri(environment.getRequiredProperty("relay.test.stopping-node-uri")))
                    .route(
                            "closer",
                            route -> route.path("/api/test/closer/ws")
                                    .filters(filters -> filters.setPath("/ws"))
                                    .uri(environment.getRequiredProperty("relay.test.closer-uri")))
                    .build();
        }
    }
}
