package im.relay.sdk;

import java.util.List;

/**
 * What a message quotes and mentions, for {@link ChatConnection#send(ConversationType, String, String, String,
 * String, References)} and {@link RelayClient.Messages#send(ConversationType, String, String, String, String,
 * References)}:
 *
 * <pre>{@code
 * chat.send(ConversationType.GROUP, groupId, ClientMsgIds.next(), "TEXT", "see above",
 *         References.replyTo(question.messageId()).mentioning(bob.id(), References.ALL));
 * }</pre>
 *
 * {@code replyTo} is a message id of the same conversation (null for none); {@code mentions} are members' user ids,
 * or {@link #ALL} (group owners and admins only). Mentions are for group messages; the server refuses them elsewhere.
 */
public record References(String replyTo, List<String> mentions) {

    /** Mentions every member of the group. */
    public static final String ALL = "@all";

    public static final References NONE = new References(null, List.of());

    public References {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    public static References replyTo(String messageId) {
        return new References(messageId, List.of());
    }

    /** These references, mentioning {@code userIds} too. */
    public References mentioning(String... userIds) {
        return new References(replyTo, List.of(userIds));
    }
}
