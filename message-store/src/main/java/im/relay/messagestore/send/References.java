package im.relay.messagestore.send;

import java.util.List;

/**
 * What a send asks to quote and mention, as the client sent it: {@code replyTo} a message id (empty for none),
 * {@code mentions} user ids, {@code mentionsAll} for @all. {@link SendService} checks them against the conversation.
 */
public record References(String replyTo, List<String> mentions, boolean mentionsAll) {

    public static final References NONE = new References("", List.of(), false);

    public References {
        replyTo = replyTo == null ? "" : replyTo;
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }
}
