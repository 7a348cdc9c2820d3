package im.relay.common.outbox;

import java.util.List;

/**
 * Every Kafka topic of the system: its name, its key and its payload (a proto of {@code relay/events/v1}). Each
 * service that names a broker declares all of them, with the same partitions and replication
 * ({@link TopicsAutoConfiguration}); docs/architecture.md ("Kafka topics") also lists who writes and who reads each
 * one, in which consumer group.
 *
 * <table>
 *   <caption>Topics</caption>
 *   <tr><th>topic</th><th>key</th><th>payload</th><th>written by (through its outbox)</th></tr>
 *   <tr><td>{@value #MESSAGES}</td><td>conversation id</td><td>MessageEvent</td>
 *       <td>private-message-server, group-message-server</td></tr>
 *   <tr><td>{@value #FRIENDS}</td><td>the smaller user id of the pair</td><td>FriendEvent</td>
 *       <td>friend-service</td></tr>
 *   <tr><td>{@value #GROUPS}</td><td>group id</td><td>GroupEvent</td><td>group-service</td></tr>
 *   <tr><td>{@value #SESSIONS}</td><td>user id</td><td>SessionEvent</td><td>auth-service</td></tr>
 *   <tr><td>{@value #USERS}</td><td>user id</td><td>UserEvent (account deletion)</td><td>user-service</td></tr>
 * </table>
 *
 * <p>The key keeps what must stay in order in one partition: one conversation's messages, one pair's, one group's,
 * one user's events.
 */
public final class Topics {

    /** MessageEvent, key = conversation id. */
    public static final String MESSAGES = "relay.messages";
    /** FriendEvent, key = the smaller user id of the pair. */
    public static final String FRIENDS = "relay.friends";
    /** GroupEvent, key = group id. */
    public static final String GROUPS = "relay.groups";
    /** SessionEvent, key = user id. */
    public static final String SESSIONS = "relay.sessions";
    /** UserEvent (account deletion), key = user id. */
    public static final String USERS = "relay.users";

    /** All of them, as every service declares them. */
    public static final List<String> ALL = List.of(MESSAGES, FRIENDS, GROUPS, SESSIONS, USERS);

    private Topics() {}
}
