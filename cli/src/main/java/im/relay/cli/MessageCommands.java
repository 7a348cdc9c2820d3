package im.relay.cli;

import im.relay.sdk.ClientMsgIds;
import im.relay.sdk.ConversationType;
import im.relay.sdk.MediaFile;
import im.relay.sdk.Message;
import im.relay.sdk.Page;
import im.relay.sdk.References;
import im.relay.sdk.RelayClient;
import im.relay.sdk.RelayException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** send, history, edit and react. */
final class MessageCommands {

    private MessageCommands() {}

    /** A conversation named on the command line: a user (private) or, with --group, a group. */
    record Target(ConversationType type, String id, String name) {

        static Target of(RelayClient client, String nameOrId, boolean group) {
            if (group) {
                var found = ClientCommand.group(client, nameOrId);
                return new Target(ConversationType.GROUP, found.id(), found.name());
            }
            var found = ClientCommand.user(client, nameOrId);
            return new Target(ConversationType.PRIVATE, found.id(), found.username());
        }
    }

    /** Sends over REST, once more when it is not known to be stored: the same clientMsgId cannot make a copy. */
    static Message sendWithRetry(
            RelayClient client, Target target, String contentType, String content, References references) {
        String clientMsgId = ClientMsgIds.next();
        try {
            return client.messages().send(target.type(), target.id(), clientMsgId, contentType, content, references);
        } catch (RelayException e) {
            if (e.status() != -1 && e.status() != 503) {
                throw e;
            }
            return client.messages().send(target.type(), target.id(), clientMsgId, contentType, content, references);
        }
    }

    @Command(
            name = "send-file",
            description = "Upload a file and send it to a friend, or to a group with --group (an image, audio or video"
                    + " shows as such).",
            footer = ExitCodes.HELP)
    static final class SendFile extends ClientCommand {
        @Parameters(
                index = "0",
                paramLabel = "TO",
                description = "Username or user id (group name or id with --group).")
        String to;

        @Parameters(
                index = "1",
                paramLabel = "FILE",
                description = "The file to upload; its type is read from its bytes.")
        Path file;

        @Option(
                names = {"-g", "--group"},
                description = "TO is a group.")
        boolean group;

        @Override
        int run() {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ParameterException(spec.commandLine(), "no readable file " + file);
            }
            try (RelayClient client = session()) {
                Target target = Target.of(client, to, group);
                MediaFile upload = client.media().upload(file);
                Message sent = sendWithRetry(client, target, upload.contentType(), upload.mediaId(), References.NONE);
                print(
                        sent,
                        "sent " + upload.name() + " (" + upload.mimeType() + ", " + upload.size() + " bytes) to "
                                + target.name() + " (#" + sent.seq() + ")");
                return ExitCodes.OK;
            }
        }
    }

    @Command(
            name = "send",
            description = "Send a message to a friend, or to a group with --group.",
            footer = ExitCodes.HELP)
    static final class Send extends ClientCommand {
        @Parameters(
                index = "0",
                paramLabel = "TO",
                description = "Username or user id (group name or id with --group).")
        String to;

        @Parameters(
                index = "1..*",
                arity = "1..*",
                paramLabel = "TEXT",
                description = "The message; - reads it from stdin.")
        List<String> text;

        @Option(
                names = {"-g", "--group"},
                description = "TO is a group.")
        boolean group;

        @Option(
                names = "--reply-to",
                paramLabel = "MESSAGE",
                description = "Quote this message of the conversation (history --json shows its id).")
        String replyTo;

        @Option(
                names = "--mention",
                paramLabel = "USER",
                description = "Mention a member (username or user id; 'all' for everyone: owners and admins). "
                        + "Repeatable; groups only.")
        List<String> mentions = List.of();

        @Override
        int run() throws IOException {
            String content = text.equals(List.of("-")) ? stdin() : String.join(" ", text);
            try (RelayClient client = session()) {
                Target target = Target.of(client, to, group);
                List<String> mentioned = mentions.stream()
                        .map(m -> m.equals("all") || m.equals(References.ALL)
                                ? References.ALL
                                : ClientCommand.user(client, m).id())
                        .toList();
                Message sent = sendWithRetry(client, target, "TEXT", content, new References(replyTo, mentioned));
                print(sent, "sent to " + target.name() + " (#" + sent.seq() + ")");
                return ExitCodes.OK;
            }
        }

        private static String stdin() throws IOException {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                return reader.lines().collect(Collectors.joining("\n"));
            }
        }
    }

    @Command(
            name = "history",
            description = "A conversation's messages, oldest first: the latest ones, or those before a seq.",
            footer = ExitCodes.HELP)
    static final class History extends ClientCommand {
        @Parameters(paramLabel = "WITH", description = "Username or user id (group name or id with --group).")
        String with;

        @Option(
                names = {"-g", "--group"},
                description = "WITH is a group.")
        boolean group;

        @Option(
                names = {"-n", "--limit"},
                description = "How many (default ${DEFAULT-VALUE}, at most 200).",
                defaultValue = "20")
        int limit;

        @Option(names = "--before", paramLabel = "SEQ", description = "Only messages before this seq (to page back).")
        long before;

        @Override
        int run() {
            try (RelayClient client = session()) {
                Target target = Target.of(client, with, group);
                Page<Message> page = client.messages().history(target.type(), target.id(), before, 0, limit);
                List<Message> oldestFirst = new ArrayList<>(page.items());
                java.util.Collections.reverse(oldestFirst);
                Names names = new Names(client);
                print(
                        Map.of("items", oldestFirst, "hasMore", page.hasMore()),
                        oldestFirst.stream().map(names::line).collect(Collectors.joining("\n")));
                return ExitCodes.OK;
            }
        }
    }

    @Command(
            name = "edit",
            description = "Replace the text of one of your TEXT messages (within the edit window, 24 h by default).",
            footer = ExitCodes.HELP)
    static final class Edit extends ClientCommand {
        @Parameters(index = "0", paramLabel = "MESSAGE", description = "The message id (history --json shows it).")
        String messageId;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "The new text.")
        List<String> text;

        @Override
        int run() {
            try (RelayClient client = session()) {
                Message edited = client.messages().edit(messageId, String.join(" ", text));
                print(edited, "edited #" + edited.seq());
                return ExitCodes.OK;
            }
        }
    }

    @Command(
            name = "react",
            description = "Add an emoji reaction to a message, or take yours back with --remove.",
            footer = ExitCodes.HELP)
    static final class React extends ClientCommand {
        @Parameters(index = "0", paramLabel = "MESSAGE", description = "The message id (history --json shows it).")
        String messageId;

        @Parameters(index = "1", paramLabel = "EMOJI", description = "One emoji, such as \uD83D\uDC4D.")
        String emoji;

        @Option(names = "--remove", description = "Take your reaction back.")
        boolean remove;

        @Override
        int run() {
            try (RelayClient client = session()) {
                Message message = remove
                        ? client.messages().unreact(messageId, emoji)
                        : client.messages().react(messageId, emoji);
                print(
                        message,
                        "#" + message.seq() + " " + Names.reactions(message).strip());
                return ExitCodes.OK;
            }
        }
    }
}
