package im.relay.cli;

import im.relay.sdk.Group;
import im.relay.sdk.Member;
import im.relay.sdk.RelayClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "groups",
        description = "Your groups and their members.",
        subcommands = {
            GroupsCommand.Mine.class,
            GroupsCommand.Create.class,
            GroupsCommand.Add.class,
            GroupsCommand.Members.class
        },
        footer = ExitCodes.HELP)
final class GroupsCommand {

    private static List<String> userIds(RelayClient client, List<String> users) {
        List<String> ids = new ArrayList<>();
        for (String user : users) {
            ids.add(ClientCommand.user(client, user).id());
        }
        return ids;
    }

    private static String describe(Group group) {
        return group.name() + "\t" + group.memberCount() + " members\t" + group.role() + "\t" + group.id();
    }

    @Command(name = "list", description = "The groups you are in, with your role.")
    static final class Mine extends ClientCommand {
        @Override
        int run() {
            try (RelayClient client = session()) {
                List<Group> groups = client.groups().mine();
                print(
                        Map.of("items", groups),
                        groups.stream().map(GroupsCommand::describe).collect(Collectors.joining("\n")));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "create", description = "Create a group (you are its owner), with members if you name them.")
    static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1..*", paramLabel = "USER", description = "Members: usernames or user ids.")
        List<String> members = new ArrayList<>();

        @Option(names = {"-d", "--description"})
        String description;

        @Override
        int run() {
            try (RelayClient client = session()) {
                Group group = client.groups().create(name, description, userIds(client, members));
                print(group, "created " + describe(group));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "add", description = "Add members to a group (owner and admins).")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "GROUP", description = "Group name or id.")
        String group;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "USER", description = "Usernames or user ids.")
        List<String> users;

        @Override
        int run() {
            try (RelayClient client = session()) {
                Group target = group(client, group);
                List<Member> added = client.groups().addMembers(target.id(), userIds(client, users));
                print(
                        Map.of("items", added),
                        "added " + added.stream().map(Member::username).collect(Collectors.joining(", ")) + " to "
                                + target.name());
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "members", description = "A group's members and their roles.")
    static final class Members extends ClientCommand {
        @Parameters(paramLabel = "GROUP", description = "Group name or id.")
        String group;

        @Override
        int run() {
            try (RelayClient client = session()) {
                List<Member> members =
                        client.groups().members(group(client, group).id());
                print(
                        Map.of("items", members),
                        members.stream()
                                .map(m -> m.username() + "\t" + m.role() + "\t" + m.userId())
                                .collect(Collectors.joining("\n")));
                return ExitCodes.OK;
            }
        }
    }
}
