package im.relay.messagegateway.chat;

import im.relay.common.grpc.Protos;
import im.relay.proto.chat.v1.Conversation;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.chat.v1.ReplyTo;
import im.relay.proto.chat.v1.SendMessageRequest;
import java.util.ArrayList;
import java.util.List;

/** Messages between the chat protos and the gateway's records; shared by the gRPC client and the event listener. */
public final class MessageMapper {

    private MessageMapper() {}

    public static ChatMessage toChatMessage(Message message) {
        ConversationType type = message.getType() == im.relay.proto.chat.v1.ConversationType.CONVERSATION_TYPE_GROUP
                ? ConversationType.GROUP
                : ConversationType.PRIVATE;
        return new ChatMessage(
                message.getMessageId(),
                message.getConversationId(),
                type,
                message.getSenderId(),
                type == ConversationType.PRIVATE ? message.getReceiverId() : null,
                type == ConversationType.GROUP ? message.getGroupId() : null,
                message.getSeq(),
                message.getClientMsgId(),
                contentType(message.getContentType()),
                message.getContent(),
                Protos.instant(message.getSentAt()),
                message.getRecalled(),
                message.hasEditedAt() ? Protos.instant(message.getEditedAt()) : null,
                message.getEditVersion(),
                message.getReactionsList().stream()
                        .map(r -> new ChatMessage.Reaction(r.getEmoji(), List.copyOf(r.getUserIdsList())))
                        .toList(),
                message.hasReplyTo() ? replyTo(message.getReplyTo()) : null,
                mentions(message));
    }

    private static ChatMessage.ReplyTo replyTo(ReplyTo quoted) {
        return new ChatMessage.ReplyTo(
                quoted.getMessageId(),
                quoted.getSenderId(),
                contentType(quoted.getContentType()),
                quoted.getSnippet(),
                quoted.getRecalled());
    }

    private static List<String> mentions(Message message) {
        if (!message.getMentionsAll()) {
            return List.copyOf(message.getMentionsList());
        }
        List<String> mentions = new ArrayList<>(message.getMentionsList());
        mentions.add(MessageReferences.ALL);
        return List.copyOf(mentions);
    }

    /** {@code "@all"} travels as a flag of its own. */
    static void references(SendMessageRequest.Builder request, MessageReferences references) {
        if (references.replyTo() != null) {
            request.setReplyTo(references.replyTo());
        }
        for (String mention : references.mentions()) {
            if (mention.equals(MessageReferences.ALL)) {
                request.setMentionsAll(true);
            } else {
                request.addMentions(mention);
            }
        }
    }

    static ConversationView toConversationView(Conversation conversation) {
        boolean group = conversation.getType() == im.relay.proto.chat.v1.ConversationType.CONVERSATION_TYPE_GROUP;
        return new ConversationView(
                conversation.getConversationId(),
                group ? ConversationType.GROUP : ConversationType.PRIVATE,
                group ? null : conversation.getPeerId(),
                group ? conversation.getGroupId() : null,
                conversation.getName(),
                conversation.hasLastMessage() ? toChatMessage(conversation.getLastMessage()) : null,
                conversation.getMaxSeq(),
                conversation.getReadSeq(),
                conversation.getUnreadCount(),
                conversation.getMentionedCount());
    }

    static im.relay.proto.chat.v1.ContentType toProto(ContentType contentType) {
        return switch (contentType) {
            case TEXT -> im.relay.proto.chat.v1.ContentType.CONTENT_TYPE_TEXT;
            case IMAGE -> im.relay.proto.chat.v1.ContentType.CONTENT_TYPE_IMAGE;
            case AUDIO -> im.relay.proto.chat.v1.ContentType.CONTENT_TYPE_AUDIO;
            case VIDEO -> im.relay.proto.chat.v1.ContentType.CONTENT_TYPE_VIDEO;
            case FILE -> im.relay.proto.chat.v1.ContentType.CONTENT_TYPE_FILE;
            case SYSTEM -> im.relay.proto.chat.v1.ContentType.CONTENT_TYPE_SYSTEM;
        };
    }

    private static ContentType contentType(im.relay.proto.chat.v1.ContentType contentType) {
        return switch (contentType) {
            case CONTENT_TYPE_IMAGE -> ContentType.IMAGE;
            case CONTENT_TYPE_AUDIO -> ContentType.AUDIO;
            case CONTENT_TYPE_VIDEO -> ContentType.VIDEO;
            case CONTENT_TYPE_FILE -> ContentType.FILE;
            case CONTENT_TYPE_SYSTEM -> ContentType.SYSTEM;
            case CONTENT_TYPE_TEXT, CONTENT_TYPE_UNSPECIFIED, UNRECOGNIZED -> ContentType.TEXT;
        };
    }
}
