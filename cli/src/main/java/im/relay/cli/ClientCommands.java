package im.relay.cli;

import picocli.CommandLine;

/** The client commands, added to the {@code ./relay} root command beside {@code up} (and {@code bench}, the load module's). */
public final class ClientCommands {

    private ClientCommands() {}

    public static CommandLine addTo(CommandLine root) {
        return root.addSubcommand(new AccountCommands.Register())
                .addSubcommand(new AccountCommands.Login())
                .addSubcommand(new AccountCommands.Logout())
                .addSubcommand(new AccountCommands.WhoAmI())
                .addSubcommand(new AccountCommands.DeleteAccount())
                .addSubcommand(new FriendsCommand())
                .addSubcommand(new GroupsCommand())
                .addSubcommand(new MessageCommands.Send())
                .addSubcommand(new MessageCommands.SendFile())
                .addSubcommand(new MessageCommands.History())
                .addSubcommand(new MessageCommands.Edit())
                .addSubcommand(new MessageCommands.React())
                .addSubcommand(new UnreadCommand())
                .addSubcommand(new TailCommand());
    }
}
