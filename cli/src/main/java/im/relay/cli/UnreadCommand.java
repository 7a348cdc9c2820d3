package im.relay.cli;

import im.relay.sdk.Conversation;
import im.relay.sdk.RelayClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** The conversations with unread messages, and how many of those mention me (or @all). */
@Command(
        name = "unread",
        description = "Conversations with unread messages, and the unread ones that mention you.",
        footer = ExitCodes.HELP)
final class UnreadCommand extends ClientCommand {

    @Override
    int run() {
        try (RelayClient client = session()) {
            List<Conversation> unread = client.messages().conversations().stream()
                    .filter(c -> c.unreadCount() > 0)
                    .toList();
            print(
                    Map.of("items", unread),
                    unread.isEmpty()
                            ? "nothing unread"
                            : unread.stream().map(UnreadCommand::line).collect(Collectors.joining("\n")));
            return ExitCodes.OK;
        }
    }

    /** {@code name  3 unread, 1 mentioning you}. */
    private static String line(Conversation conversation) {
        return conversation.name() + "\t" + conversation.unreadCount() + " unread"
                + (conversation.mentionedCount() > 0 ? ", " + conversation.mentionedCount() + " mentioning you" : "");
    }
}
