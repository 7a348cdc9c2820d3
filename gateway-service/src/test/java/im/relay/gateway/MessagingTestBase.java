package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import im.relay.messagegateway.support.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Chatting as clients do: accounts through the gateway, WebSockets to a chosen message-gateway node or the gateway. */
abstract class MessagingTestBase extends GatewayTestBase {

    /** A WebSocket to node {@code node} (0 or 1) of message-gateway, as device {@code device} on {@code platform}. */
    static WsClient connect(Account account, int node, String platform) {
        ConfigurableApplicationContext gateway = system.messageGateways.get(node);
        return WsClient.open(
                URI.create("ws://127.0.0.1:" + TestServices.httpPort(gateway) + "/ws?token=" + account.accessToken()
                        + "&platform=" + platform),
                Map.of());
    }

    /** A WebSocket through the API gateway's {@code /api/chat/ws}, the token in the query as a browser sends it. */
    static WsClient connectThroughGateway(Account account, String platform) {
        return WsClient.open(
                URI.create("ws://127.0.0.1:" + TestServices.httpPort(system.gateway) + "/api/chat/ws?token="
                        + account.accessToken() + "&platform=" + platform),
                Map.of());
    }

    /**
     * A second login of the same user: a session (and token) of its own, for another device. Not WEB, the platform
     * of the registration: a login replaces the session of its platform.
     */
    Account login(Account account, String platform) {
        ApiClient anonymous = client();
        ApiClient.Reply reply = anonymous.post(
                "/api/auth/login", json("username", account.name(), "password", "password1", "platform", platform));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        String access = reply.json().get("accessToken").asString();
        return new Account(
                account.id(),
                account.name(),
                access,
                reply.json().get("refreshToken").asString(),
                anonymous.withToken(access));
    }

    static void befriend(Account a, Account b) {
        a.api().post("/api/friends/requests", json("userId", b.id()));
        ApiClient.Reply accepted = b.api().post("/api/friends/requests", json("userId", a.id()));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    }

    static String createGroup(Account owner, List<Account> members) {
        ApiClient.Reply created = owner.api()
                .post(
                        "/api/groups",
                        json(
                                "name",
                                "team",
                                "memberIds",
                                members.stream().map(Account::id).toList()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /**
     * Sends a text over the socket and waits for its ack (or error); answers the reply frame. A retry with the same
     * client id waits for a reply of its own, not the one the earlier attempt got.
     */
    static JsonNode send(WsClient socket, String conversationType, String to, String clientMsgId, String text) {
        Predicate<JsonNode> reply = frame -> clientMsgId.equals(frame.path("id").asString())
                && ("ack".equals(type(frame)) || "error".equals(type(frame)));
        int earlier = socket.frames(reply).size();
        socket.send(json(
                "type", "send",
                "id", clientMsgId,
                "conversationType", conversationType,
                "to", to,
                "contentType", "TEXT",
                "content", text));
        await().atMost(Duration.ofSeconds(15)).until(() -> socket.frames(reply).size() > earlier);
        return socket.frames(reply).get(earlier);
    }

    static String newClientMsgId() {
        return UUID.randomUUID().toString();
    }

    static String type(JsonNode frame) {
        return frame.path("type").asString();
    }

    /** The {@code message} frames a socket received in a conversation, in arrival order. */
    static List<JsonNode> messages(WsClient socket, String conversationId) {
        return socket
                .frames(frame -> "message".equals(type(frame))
                        && conversationId.equals(
                                frame.path("message").path("conversationId").asString()))
                .stream()
                .map(frame -> frame.path("message"))
                .toList();
    }

    static List<Long> seqs(List<JsonNode> messages) {
        List<Long> seqs = new ArrayList<>();
        messages.forEach(message -> seqs.add(message.path("seq").asLong()));
        return seqs;
    }

    /** Everything after seq 0, in pages, as a client fills a gap. */
    static List<JsonNode> syncAll(WsClient socket, String conversationId) {
        return syncAfter(socket, conversationId, 0);
    }

    /** Everything after {@code afterSeq}, oldest first, in pages of 200. */
    static List<JsonNode> syncAfter(WsClient socket, String conversationId, long afterSeq) {
        List<JsonNode> all = new ArrayList<>();
        boolean more = true;
        long after = afterSeq;
        while (more) {
            String id = newClientMsgId();
            socket.send(
                    json("type", "sync", "id", id, "conversationId", conversationId, "afterSeq", after, "limit", 200));
            JsonNode page = socket.await("sync", "id", id);
            page.path("messages").forEach(all::add);
            more = page.path("hasMore").asBoolean();
            after = all.isEmpty() ? after : all.getLast().path("seq").asLong();
        }
        return all;
    }

    static String privateConversation(Account a, Account b) {
        return a.id().compareTo(b.id()) < 0 ? "p:" + a.id() + ":" + b.id() : "p:" + b.id() + ":" + a.id();
    }
}
