package im.relay.messagegateway;

import static im.relay.messagegateway.ChatFramesIT.session;
import static im.relay.messagegateway.ChatFramesIT.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import im.relay.common.outbox.Topics;
import im.relay.common.security.SessionRevocations;
import im.relay.common.testing.TestServices;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import im.relay.proto.events.v1.SessionEvent;
import im.relay.proto.events.v1.SessionReplaced;
import im.relay.proto.events.v1.SessionRevoked;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Sessions across nodes: one per platform, presence, revocation and a node going away. */
class SessionsIT {

    final GatewayCluster cluster = GatewayCluster.shared();

    @Test
    void aNewLoginOnTheSamePlatformKicksTheOldSessionOnAnotherNodeButNotOtherPlatforms() {
        String user = user("quinn");
        String oldWeb = session();
        String mobile = session();
        String newWeb = session();
        try (WsClient web = cluster.connect(1, user, oldWeb, "WEB");
                WsClient phone = cluster.connect(1, user, mobile, "MOBILE")) {
            ping(phone, "ready");

            try (WsClient replacement = cluster.connect(2, user, newWeb, "WEB")) {
                assertThat(web.awaitClose()).isEqualTo(4001);
                assertThat(web.frames()).last().satisfies(frame -> {
                    assertThat(frame.get("type").asString()).isEqualTo("kicked");
                    assertThat(frame.get("reason").asString()).isEqualTo("LOGGED_IN_ELSEWHERE");
                });
                ping(phone, "still-here");
                ping(replacement, "new-one");
                assertThat(phone.isClosed()).isFalse();
                await().untilAsserted(() -> assertThat(routes(user)).containsOnlyKeys(mobile, newWeb));
            }
        }
    }

    @Test
    void aSocketIsReachableAsSoonAsItsClientSeesItOpen() {
        // registered after the upgrade, a socket was unreachable for a moment after the client saw it open: what was
        // pushed to its user then (a notification, a presence change) was lost; ten sockets to make that moment show
        for (int i = 0; i < 10; i++) {
            String user = user("uma");
            String session = session();
            try (WsClient client = cluster.connect(1 + i % 2, user, session, "WEB")) {
                assertThat(routes(user)).containsOnlyKeys(session);
                assertThat(cluster.redis().hasKey("relay:presence:" + user)).isTrue();
            }
        }
    }

    @Test
    void aSecondSocketOfTheSameSessionReplacesTheFirst() {
        String user = user("rose");
        String session = session();
        try (WsClient first = cluster.connect(2, user, session, "DESKTOP");
                WsClient second = cluster.connect(2, user, session, "DESKTOP")) {
            assertThat(first.awaitClose()).isEqualTo(4001);
            ping(second, "alive");
            assertThat(routes(user)).containsOnlyKeys(session);
        }
    }

    @Test
    void friendsHearWhenAUserComesOnlineAndWhenTheLastSessionCloses() {
        String pia = user("pia");
        String finn = user("finn");
        cluster.backends().setAudience(pia, Set.of(finn));
        cluster.backends().setAudience(finn, Set.of(pia));
        try (WsClient friend = cluster.connect(2, finn, session(), "WEB")) {
            ping(friend, "friend-ready");
            WsClient first = cluster.connect(1, pia, session(), "WEB");

            assertThat(friend.await(presence(pia, true))).isNotNull();
            assertThat(first.await(presence(finn, true))).isNotNull();
            assertThat(cluster.redis().hasKey("relay:presence:" + pia)).isTrue();

            WsClient second = cluster.connect(2, pia, session(), "MOBILE");
            ping(second, "second-open");
            first.close();
            ping(second, "first-gone");
            assertThat(routes(pia)).hasSize(1);
            ping(friend, "nothing-yet");
            assertThat(friend.frames(f -> f.path("type").asString().equals("presence")))
                    .hasSize(1);
            assertThat(cluster.redis().hasKey("relay:presence:" + pia)).isTrue();

            second.close();

            assertThat(friend.await(presence(pia, false))).isNotNull();
            assertThat(cluster.redis().hasKey("relay:presence:" + pia)).isFalse();
            assertThat(cluster.redis().hasKey("relay:route:" + pia)).isFalse();
        }
    }

    @Test
    void aRevokedSessionIsClosedWith4002OnEveryNode() {
        String user = user("sam");
        String onFirst = session();
        String onSecond = session();
        try (WsClient first = cluster.connect(1, user, onFirst, "WEB");
                WsClient second = cluster.connect(2, user, onSecond, "MOBILE");
                WsClient kept = cluster.connect(2, user, session(), "DESKTOP")) {
            ping(first, "a");
            ping(second, "b");

            revoke(user, onFirst);
            revoke(user, onSecond);

            assertThat(first.awaitClose()).isEqualTo(4002);
            assertThat(second.awaitClose()).isEqualTo(4002);
            ping(kept, "kept");
        }
    }

    @Test
    void routesAndPresenceThatRedisLostComeBackAtTheNextRenewal() {
        String user = user("wes");
        String session = session();
        try (WsClient client = cluster.connect(2, user, session, "WEB")) {
            ping(client, "here");
            assertThat(routes(user)).containsOnlyKeys(session);

            cluster.redis().delete(List.of("relay:route:" + user, "relay:presence:" + user)); // as after a failover

            await().untilAsserted(() -> {
                assertThat(routes(user)).containsOnlyKeys(session);
                assertThat(cluster.redis().hasKey("relay:presence:" + user)).isTrue();
            });
            ping(client, "still-here");
        }
    }

    @Test
    void aSessionOnTheDenylistIsClosedWith4002AlsoWhenItsEventNeverCame() {
        String user = user("val");
        String revoked = session();
        try (WsClient gone = cluster.connect(1, user, revoked, "WEB");
                WsClient kept = cluster.connect(1, user, session(), "MOBILE")) {
            ping(gone, "a");
            ping(kept, "b");

            new SessionRevocations(cluster.redis()).revoke(revoked, Duration.ofMinutes(1)); // no event on Kafka

            assertThat(gone.awaitClose()).isEqualTo(4002);
            ping(kept, "kept");
        }
    }

    @Test
    void aSessionReplacedByALoginIsKickedWith4001OnEveryNodeBeforeItsReplacementConnects() {
        String user = user("uma");
        String onFirst = session();
        String onSecond = session();
        try (WsClient first = cluster.connect(1, user, onFirst, "WEB");
                WsClient second = cluster.connect(2, user, onSecond, "MOBILE");
                WsClient kept = cluster.connect(2, user, session(), "DESKTOP")) {
            ping(first, "a");
            ping(second, "b");

            replace(user, onFirst);
            replace(user, onSecond);

            for (WsClient replaced : java.util.List.of(first, second)) {
                assertThat(replaced.awaitClose()).isEqualTo(4001);
                assertThat(replaced.frames()).last().satisfies(frame -> {
                    assertThat(frame.get("type").asString()).isEqualTo("kicked");
                    assertThat(frame.get("reason").asString()).isEqualTo("LOGGED_IN_ELSEWHERE");
                });
            }
            ping(kept, "kept");
        }
    }

    @Test
    void aStoppingNodeClosesItsSocketsWith1001AndRemovesTheirRoutes() {
        ConfigurableApplicationContext node = cluster.startExtraNode();
        String user = user("tess");
        String session = session();
        try (WsClient client =
                GatewayCluster.connect(TestServices.httpPort(node), cluster.token(user, session), "WEB")) {
            ping(client, "on-extra-node");
            assertThat(routes(user)).containsOnlyKeys(session);

            cluster.stopExtraNode(node);

            assertThat(client.awaitClose()).isEqualTo(1001);
            assertThat(cluster.redis().hasKey("relay:route:" + user)).isFalse();
            assertThat(cluster.redis().hasKey("relay:presence:" + user)).isFalse();
        }
    }

    private void revoke(String user, String session) {
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
    }

    private void replace(String user, String session) {
        cluster.publish(
                Topics.SESSIONS,
                user,
                SessionEvent.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000))
                        .setUserId(user)
                        .setSessionId(session)
                        .setReplaced(SessionReplaced.newBuilder()
                                .setBySessionId(UUID.randomUUID().toString()))
                        .build()
                        .toByteArray());
    }

    private java.util.Map<Object, Object> routes(String user) {
        return cluster.redis().opsForHash().entries("relay:route:" + user);
    }

    static void ping(WsClient client, String id) {
        client.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        client.await("pong", "id", id);
    }

    static Predicate<JsonNode> presence(String userId, boolean online) {
        return frame -> frame.path("type").asString().equals("presence")
                && frame.path("userId").asString().equals(userId)
                && frame.path("online").asBoolean() == online;
    }
}
