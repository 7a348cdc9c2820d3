package im.relay.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/** A frame this client sends on {@code /api/chat/ws} (API.md); {@link FrameCodec} writes it as JSON with its type. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(ClientFrame.Send.class),
    @JsonSubTypes.Type(ClientFrame.Sync.class),
    @JsonSubTypes.Type(ClientFrame.Read.class),
    @JsonSubTypes.Type(ClientFrame.Typing.class),
    @JsonSubTypes.Type(ClientFrame.Recall.class),
    @JsonSubTypes.Type(ClientFrame.Edit.class),
    @JsonSubTypes.Type(ClientFrame.React.class),
    @JsonSubTypes.Type(ClientFrame.Ping.class)
})
sealed interface ClientFrame {

    /**
     * A message; {@code id} is its clientMsgId, so a resend is stored once. {@code replyTo} and {@code mentions} are
     * left out when there are none.
     */
    @JsonTypeName("send")
    record Send(
            String id,
            ConversationType conversationType,
            String to,
            String contentType,
            String content,
            @JsonInclude(JsonInclude.Include.NON_NULL) String replyTo,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> mentions)
            implements ClientFrame {

        Send(String id, ConversationType conversationType, String to, String contentType, String content) {
            this(id, conversationType, to, contentType, content, References.NONE);
        }

        Send(
                String id,
                ConversationType conversationType,
                String to,
                String contentType,
                String content,
                References references) {
            this(id, conversationType, to, contentType, content, references.replyTo(), references.mentions());
        }
    }

    /** Asks for up to {@code limit} messages after {@code afterSeq}. */
    @JsonTypeName("sync")
    record Sync(String id, String conversationId, long afterSeq, int limit) implements ClientFrame {}

    @JsonTypeName("read")
    record Read(String conversationId, long seq) implements ClientFrame {}

    @JsonTypeName("typing")
    record Typing(String conversationId) implements ClientFrame {}

    @JsonTypeName("recall")
    record Recall(String id, String messageId) implements ClientFrame {}

    /** New text for one's own TEXT message. */
    @JsonTypeName("edit")
    record Edit(String id, String messageId, String content) implements ClientFrame {}

    /** Adds ({@code add}) or removes one's emoji reaction on a message. */
    @JsonTypeName("react")
    record React(String id, String messageId, String emoji, boolean add) implements ClientFrame {}

    @JsonTypeName("ping")
    record Ping(String id) implements ClientFrame {}
}
