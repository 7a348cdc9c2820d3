package im.relay.sdk;

public enum ConversationType {
    PRIVATE,
    GROUP;

    /** The conversation id of a chat with {@code to}: {@code p:<smaller>:<larger>} or {@code g:<groupId>}. */
    public String conversationId(String me, String to) {
        if (this == GROUP) {
            return "g:" + to;
        }
        return me.compareTo(to) < 0 ? "p:" + me + ":" + to : "p:" + to + ":" + me;
    }
}
