package im.relay.messagegateway.chat;

import java.util.List;

/**
 * What a send quotes and mentions: {@code replyTo} a message id of the same conversation (null for none) and
 * {@code mentions} group members' user ids, {@link #ALL} for every member. The message server checks both.
 */
public record MessageReferences(String replyTo, List<String> mentions) {

    /** The mention of every member of a group (owners and admins only). */
    public static final String ALL = "@all";

    public static final int MAX_MENTIONS = 50;

    public static final MessageReferences NONE = new MessageReferences(null, List.of());

    public MessageReferences {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }
}
