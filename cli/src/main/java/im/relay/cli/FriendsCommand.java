package im.relay.cli;

import im.relay.sdk.Friend;
import im.relay.sdk.FriendRequest;
import im.relay.sdk.RelayClient;
import im.relay.sdk.RelayException;
import im.relay.sdk.User;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "friends",
        description = "Your friends, friend requests and blocks.",
        subcommands = {
            FriendsCommand.List.class,
            FriendsCommand.Add.class,
            FriendsCommand.Requests.class,
            FriendsCommand.Accept.class,
            FriendsCommand.Reject.class,
            FriendsCommand.Block.class,
            FriendsCommand.Unblock.class
        },
        footer = ExitCodes.HELP)
final class FriendsCommand {

    @Command(name = "list", description = "Your friends, online first.")
    static final class List extends ClientCommand {
        @Override
        int run() {
            try (RelayClient client = session()) {
                java.util.List<Friend> friends = client.friends().list().stream()
                        .sorted((a, b) -> Boolean.compare(b.online(), a.online()))
                        .toList();
                print(
                        Map.of("items", friends),
                        friends.stream()
                                .map(f -> f.username() + "\t" + (f.online() ? "online" : "offline") + "\t"
                                        + f.nickname() + "\t" + f.userId())
                                .collect(Collectors.joining("\n")));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "add", description = "Ask someone to be your friend (friends at once if they had asked you).")
    static final class Add extends OnUser {
        @Option(
                names = {"-m", "--message"},
                description = "A note with the request (up to 200 characters).")
        String message;

        @Override
        Done act(RelayClient client, User other) {
            FriendRequest request = client.friends().request(other.id(), message);
            return new Done(
                    request,
                    "ACCEPTED".equals(request.status())
                            ? "you and " + other.username() + " are friends now"
                            : "asked " + other.username() + " to be friends");
        }
    }

    @Command(name = "requests", description = "Friend requests waiting for you (or --outgoing: yours).")
    static final class Requests extends ClientCommand {
        @Option(names = "--outgoing", description = "The requests you sent.")
        boolean outgoing;

        @Override
        int run() {
            try (RelayClient client = session()) {
                java.util.List<FriendRequest> requests = outgoing
                        ? client.friends().outgoing()
                        : client.friends().incoming();
                StringBuilder plain = new StringBuilder();
                for (FriendRequest request : requests) {
                    User other = client.users().get(outgoing ? request.toUserId() : request.fromUserId());
                    plain.append(plain.isEmpty() ? "" : "\n")
                            .append(other.username())
                            .append('\t')
                            .append(request.createdAt())
                            .append('\t')
                            .append(request.message() == null ? "" : request.message());
                }
                print(Map.of("items", requests), plain.toString());
                return ExitCodes.OK;
            }
        }
    }

    /** What a command on one other user did: its JSON answer and its line of text. */
    record Done(Object json, String text) {}

    /** A command on one other user, named by username or id. */
    abstract static class OnUser extends ClientCommand {
        @Parameters(paramLabel = "USER", description = "Username or user id.")
        String user;

        @Override
        final int run() {
            try (RelayClient client = session()) {
                Done done = act(client, user(client, user));
                print(done.json(), done.text());
                return ExitCodes.OK;
            }
        }

        abstract Done act(RelayClient client, User other);
    }

    /** The pending request from {@code from} to me. */
    private static FriendRequest incomingFrom(RelayClient client, User from) {
        return client.friends().incoming().stream()
                .filter(request -> request.fromUserId().equals(from.id()))
                .findFirst()
                .orElseThrow(() -> new RelayException(404, "NOT_FOUND", "no request from " + from.username()));
    }

    @Command(name = "accept", description = "Accept someone's friend request.")
    static final class Accept extends OnUser {
        @Override
        Done act(RelayClient client, User other) {
            FriendRequest request = incomingFrom(client, other);
            client.friends().accept(request.id());
            return new Done(Map.of("accepted", request.id()), "you and " + other.username() + " are friends now");
        }
    }

    @Command(name = "reject", description = "Turn down someone's friend request.")
    static final class Reject extends OnUser {
        @Override
        Done act(RelayClient client, User other) {
            FriendRequest request = incomingFrom(client, other);
            client.friends().reject(request.id());
            return new Done(Map.of("rejected", request.id()), "turned down " + other.username());
        }
    }

    @Command(name = "block", description = "Block someone: no messages or requests either way.")
    static final class Block extends OnUser {
        @Override
        Done act(RelayClient client, User other) {
            client.friends().block(other.id());
            return new Done(Map.of("blocked", other.id()), "blocked " + other.username());
        }
    }

    @Command(name = "unblock", description = "Lift a block.")
    static final class Unblock extends OnUser {
        @Override
        Done act(RelayClient client, User other) {
            client.friends().unblock(other.id());
            return new Done(Map.of("unblocked", other.id()), "unblocked " + other.username());
        }
    }
}
