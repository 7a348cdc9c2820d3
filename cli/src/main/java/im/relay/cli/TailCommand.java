package im.relay.cli;

import im.relay.sdk.ChatConnection;
import im.relay.sdk.ChatListener;
import im.relay.sdk.Message;
import im.relay.sdk.RelayClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints what arrives live until Ctrl-C: messages, notifications, presence, recalls, edits, reactions. The connection's thread only
 * queues events; this thread prints them, looking names up as needed.
 */
@Command(
        name = "tail",
        description = "Follow messages, notifications and presence as they arrive (Ctrl-C stops).",
        footer = ExitCodes.HELP)
final class TailCommand extends ClientCommand {

    @Parameters(
            arity = "0..1",
            paramLabel = "WITH",
            description = "Only this conversation: a username (group with --group).")
    String with;

    @Option(
            names = {"-g", "--group"},
            description = "WITH is a group.")
    boolean group;

    @Option(
            names = {"-c", "--count"},
            description = "Stop after this many messages.")
    int count;

    @Option(
            names = "--timeout",
            description = "Stop after this long, e.g. 30s or 5m.",
            converter = DurationConverter.class)
    Duration timeout;

    private record Event(String type, Object value) {}

    @Override
    int run() throws InterruptedException {
        try (RelayClient client = session()) {
            String only = null;
            if (with != null) {
                MessageCommands.Target target = MessageCommands.Target.of(client, with, group);
                only = target.type().conversationId(client.userId(), target.id());
            }
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            Names names = new Names(client);
            try (ChatConnection connection = client.connect(new Queueing(events))) {
                Runtime.getRuntime().addShutdownHook(new Thread(connection::close));
                if (!json) {
                    err().println("following as " + names.user(client.userId()) + " (Ctrl-C stops)");
                    err().flush();
                }
                long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
                int messages = 0;
                while (count == 0 || messages < count) {
                    long left = deadline - System.nanoTime();
                    Event event =
                            events.poll(Math.max(0, Math.min(left, TimeUnit.SECONDS.toNanos(1))), TimeUnit.NANOSECONDS);
                    if (event == null) {
                        if (System.nanoTime() >= deadline) {
                            return ExitCodes.OK;
                        }
                        continue;
                    }
                    if (event.type().equals("closed")) {
                        err().println("relay: " + event.value());
                        err().flush();
                        return ExitCodes.UNAUTHORIZED;
                    }
                    if (event.value() instanceof Message message) {
                        if (only != null && !only.equals(message.conversationId())) {
                            continue;
                        }
                        messages++;
                    }
                    print(Map.of("type", event.type(), event.type(), event.value()), plain(event, names));
                }
                return ExitCodes.OK;
            }
        }
    }

    private static String plain(Event event, Names names) {
        if (event.value() instanceof Message message) {
            return message.conversationId() + "\t" + (event.type().equals("edited") ? "* edited " : "")
                    + names.line(message);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) event.value();
        return switch (event.type()) {
            case "presence" ->
                "* " + names.user((String) data.get("userId")) + " is "
                        + (Boolean.TRUE.equals(data.get("online")) ? "online" : "offline");
            case "reaction" ->
                "* " + names.user((String) data.get("userId"))
                        + (Boolean.TRUE.equals(data.get("added")) ? " reacted " : " took back ") + data.get("emoji")
                        + " on a message in " + data.get("conversationId");
            case "recalled" ->
                "* " + names.user((String) data.get("by")) + " recalled a message in " + data.get("conversationId");
            default -> "* " + data.get("event") + " " + data.get("data");
        };
    }

    /** Hands every event to the printing thread. */
    private record Queueing(BlockingQueue<Event> events) implements ChatListener {
        @Override
        public void onMessage(Message message) {
            events.add(new Event("message", message));
        }

        @Override
        public void onRecalled(String conversationId, String messageId, String by) {
            events.add(new Event("recalled", map("conversationId", conversationId, "messageId", messageId, "by", by)));
        }

        @Override
        public void onEdited(Message message) {
            events.add(new Event("edited", message));
        }

        @Override
        public void onReaction(
                String conversationId,
                String messageId,
                String userId,
                String emoji,
                boolean added,
                List<Message.Reaction> reactions) {
            events.add(new Event(
                    "reaction",
                    map(
                            "conversationId", conversationId,
                            "messageId", messageId,
                            "userId", userId,
                            "emoji", emoji,
                            "added", added,
                            "reactions", reactions)));
        }

        @Override
        public void onPresence(String userId, boolean online) {
            events.add(new Event("presence", map("userId", userId, "online", online)));
        }

        @Override
        public void onNotification(String event, Map<String, Object> data) {
            events.add(new Event("notification", map("event", event, "data", data)));
        }

        @Override
        public void onClosed(String code, String reason) {
            if (!code.equals("CLOSED")) {
                events.add(new Event("closed", code + ": " + reason));
            }
        }

        private static Map<String, Object> map(Object... pairs) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
            return map;
        }
    }
}
