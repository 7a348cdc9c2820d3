package im.relay.sdk;

import static im.relay.sdk.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FrameRouterTest {

    private static final String CHAT = "p:a:me";

    private final List<String> heard = new ArrayList<>();
    private final List<ClientFrame> written = new ArrayList<>();
    private final ChatListener listener = new ChatListener() {
        @Override
        public void onRecalled(String conversationId, String messageId, String by) {
            heard.add("recalled " + messageId + " by " + by);
        }

        @Override
        public void onEdited(Message message) {
            heard.add("edited " + message.messageId() + " v" + message.editVersion());
        }

        @Override
        public void onReaction(
                String conversationId,
                String messageId,
                String userId,
                String emoji,
                boolean added,
                List<Message.Reaction> reactions) {
            heard.add((added ? "+" : "-") + emoji + " by " + userId + " on " + messageId + " " + reactions);
        }

        @Override
        public void onRead(String conversationId, String userId, long seq) {
            heard.add("read " + userId + " " + seq);
        }

        @Override
        public void onTyping(String conversationId, String userId) {
            heard.add("typing " + userId);
        }

        @Override
        public void onPresence(String userId, boolean online) {
            heard.add("presence " + userId + " " + online);
        }

        @Override
        public void onNotification(String event, Map<String, Object> data) {
            heard.add("notification " + event + " " + data);
        }
    };
    private final GapFiller gaps = new GapFiller(
            written::add, (task, delay) -> {}, () -> true, () -> {}, m -> heard.add("message " + m.seq()));
    private final PendingSends sends = new PendingSends(Duration.ofSeconds(10), written::add, System::nanoTime);
    private final PendingChanges recalls = new PendingChanges();
    private final FrameRouter router =
            new FrameRouter(listener, gaps, sends, recalls, () -> "me", reason -> heard.add("kicked " + reason));

    @Test
    void messagesGoThroughTheGapFillerInSeqOrder() {
        gaps.start(List.of(new Conversation(CHAT, ConversationType.PRIVATE, "a", null, "a", null, 0, 0, 0)));

        router.route(new ServerFrame.Delivered(message(CHAT, 2)));
        router.route(new ServerFrame.Delivered(message(CHAT, 1)));

        assertThat(heard).containsExactly("message 1", "message 2");
    }

    @Test
    void anAckCompletesTheRecallOrSendWithItsId() {
        CompletableFuture<Message> sent = new CompletableFuture<>();
        CompletableFuture<Message> recalled = new CompletableFuture<>();
        sends.add(new ClientFrame.Send("c1", ConversationType.PRIVATE, "a", "TEXT", "hi"), sent, true);
        ClientFrame.Recall recall = recalls.add("m0", recalled);
        Message stored = message(CHAT, 1, "me", "c1");
        Message gone = message(CHAT, 0, "me", "c0");

        router.route(new ServerFrame.Ack(recall.id(), gone));
        router.route(new ServerFrame.Ack("c1", stored));
        router.route(new ServerFrame.Ack("unknown", stored));

        assertThat(recalled).isCompletedWithValue(gone);
        assertThat(sent).isCompletedWithValue(stored);
        assertThat(heard).isEmpty(); // one's own send does not reach one's own listener
    }

    @Test
    void editsAndReactionsReachTheListenerAndTheirAcksCompleteTheRequests() {
        CompletableFuture<Message> edited = new CompletableFuture<>();
        CompletableFuture<Message> reacted = new CompletableFuture<>();
        ClientFrame.Edit edit = recalls.edit("m1", "new text", edited);
        ClientFrame.React react = recalls.react("m1", "\uD83D\uDC4D", true, reacted);
        Message stored = message(CHAT, 1, "me", "c1");

        router.route(new ServerFrame.Ack(edit.id(), stored));
        router.route(new ServerFrame.Refused(react.id(), "TOO_MANY_REACTIONS", ""));
        router.route(new ServerFrame.Edited(CHAT, "m2", 2, 3, message(CHAT, 2)));
        List<Message.Reaction> reactions = List.of(new Message.Reaction("\uD83D\uDC4D", List.of("a")));
        router.route(new ServerFrame.ReactionChanged(CHAT, "m2", 2, "a", "\uD83D\uDC4D", true, reactions));

        assertThat(edit.id()).isNotEqualTo(react.id());
        assertThat(edited).isCompletedWithValue(stored);
        assertThat(reacted).isCompletedExceptionally();
        assertThat(heard)
                .containsExactly(
                        "edited " + message(CHAT, 2).messageId() + " v0", "+\uD83D\uDC4D by a on m2 " + reactions);
    }

    @Test
    void anErrorFailsTheRecallOrSendWithItsId() {
        CompletableFuture<Message> sent = new CompletableFuture<>();
        CompletableFuture<Message> recalled = new CompletableFuture<>();
        sends.add(new ClientFrame.Send("c1", ConversationType.PRIVATE, "a", "TEXT", "hi"), sent, true);
        ClientFrame.Recall recall = recalls.add("m0", recalled);

        router.route(new ServerFrame.Refused(recall.id(), "RECALL_WINDOW_EXPIRED", ""));
        router.route(new ServerFrame.Refused("c1", "NOT_FRIENDS", ""));
        router.route(new ServerFrame.Refused(null, "MALFORMED_FRAME", "")); // answers no frame of ours

        assertThat(recalled).isCompletedExceptionally();
        assertThat(sent).isCompletedExceptionally();
    }

    @Test
    void aSyncedMessageOfThisUserSettlesItsPendingSend() {
        gaps.start(List.of(new Conversation(CHAT, ConversationType.PRIVATE, "a", null, "a", null, 0, 0, 0)));
        CompletableFuture<Message> sent = new CompletableFuture<>();
        sends.add(new ClientFrame.Send("c1", ConversationType.PRIVATE, "a", "TEXT", "hi"), sent, true);
        gaps.reconnected();
        gaps.caughtUp(List.of(new Conversation(CHAT, ConversationType.PRIVATE, "a", null, "a", null, 2, 0, 2)));
        String syncId = ((ClientFrame.Sync) written.getLast()).id();
        Message mine = message(CHAT, 1, "me", "c1");

        router.route(new ServerFrame.Synced(syncId, CHAT, List.of(mine, message(CHAT, 2, "a", "c1")), false));

        assertThat(sent).isCompletedWithValue(mine);
        assertThat(heard).containsExactly("message 2"); // a's message with the same clientMsgId is not mine
    }

    @Test
    void theRestGoesToTheListenerAndKickedEndsTheConnection() {
        router.route(new ServerFrame.Recalled(CHAT, "m1", "a"));
        router.route(new ServerFrame.ReadBy(CHAT, "a", 3));
        router.route(new ServerFrame.TypingBy(CHAT, "a"));
        router.route(new ServerFrame.Presence("a", false));
        router.route(new ServerFrame.Notification("FRIEND_ACCEPTED", Map.of("userId", "a")));
        router.route(new ServerFrame.Other());
        router.route(new ServerFrame.Kicked("LOGGED_IN_ELSEWHERE"));

        assertThat(heard)
                .containsExactly(
                        "recalled m1 by a",
                        "read a 3",
                        "typing a",
                        "presence a false",
                        "notification FRIEND_ACCEPTED {userId=a}",
                        "kicked LOGGED_IN_ELSEWHERE");
    }
}
