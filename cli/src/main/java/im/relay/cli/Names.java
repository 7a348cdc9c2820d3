package im.relay.cli;

import im.relay.sdk.Message;
import im.relay.sdk.References;
import im.relay.sdk.RelayClient;
import im.relay.sdk.RelayException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Usernames for the ids in messages and events, looked up once each; plain-text lines for messages. */
final class Names {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final RelayClient client;
    private final Map<String, String> names = new HashMap<>();

    Names(RelayClient client) {
        this.client = client;
    }

    String user(String userId) {
        if (userId == null) {
            return "?";
        }
        return names.computeIfAbsent(userId, id -> {
            try {
                return client.users().get(id).username();
            } catch (RelayException e) {
                return id;
            }
        });
    }

    /**
     * {@code #seq  time  sender: content}, with recalled, edited and server-made lines marked, the quoted message
     * before the content ({@code [re alice: the quoted text] }), and the mentions ({@code  (mentions bob, @all)}) and
     * reactions ({@code  [👍 2, 🎉 1]}) after it.
     */
    String line(Message message) {
        String content;
        if (message.recalled()) {
            content = "(recalled)";
        } else if ("SYSTEM".equals(message.contentType())) {
            content = "* " + system(message.content());
        } else if ("TEXT".equals(message.contentType())) {
            content = message.content() + (message.editedAt() != null ? " (edited)" : "");
        } else {
            content = "[" + message.contentType() + "] " + message.content();
        }
        return "#" + message.seq() + "\t" + TIME.format(message.sentAt()) + "\t" + user(message.senderId()) + ": "
                + quote(message.replyTo()) + content + mentions(message) + reactions(message);
    }

    private String quote(Message.ReplyTo quoted) {
        if (quoted == null) {
            return "";
        }
        String snippet = quoted.recalled() ? "(recalled)" : quoted.snippet().replace('\n', ' ');
        return "[re " + user(quoted.senderId()) + ": " + snippet + "] ";
    }

    private String mentions(Message message) {
        return message.mentions().isEmpty() || message.recalled()
                ? ""
                : message.mentions().stream()
                        .map(id -> id.equals(References.ALL) ? id : user(id))
                        .collect(java.util.stream.Collectors.joining(", ", " (mentions ", ")"));
    }

    /** {@code  [👍 2, 🎉 1]}, or nothing for a message without reactions. */
    static String reactions(Message message) {
        return message.reactions().isEmpty()
                ? ""
                : message.reactions().stream()
                        .map(r -> r.emoji() + " " + r.userIds().size())
                        .collect(java.util.stream.Collectors.joining(", ", "  [", "]"));
    }

    private String system(String content) {
        try {
            JsonNode event = ClientCommand.JSON.readTree(content);
            String by = user(event.path("by").asString(null));
            return switch (event.path("event").asString("")) {
                case "MEMBER_JOINED" -> by + " added " + users(event.path("userIds"));
                case "MEMBER_LEFT" -> user(event.path("userId").asString(null)) + " left";
                case "MEMBER_REMOVED" ->
                    by + " removed " + user(event.path("userId").asString(null));
                case "GROUP_UPDATED" -> by + " updated the group";
                default -> content;
            };
        } catch (RuntimeException e) {
            return content;
        }
    }

    private String users(JsonNode ids) {
        StringBuilder names = new StringBuilder();
        for (JsonNode id : ids) {
            names.append(names.isEmpty() ? "" : ", ").append(user(id.asString()));
        }
        return names.toString();
    }
}
