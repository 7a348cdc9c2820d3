package im.relay.messagestore.grpc;

import im.relay.common.grpc.Protos;
import im.relay.messagestore.model.ContentType;
import im.relay.messagestore.model.ConversationType;
import im.relay.messagestore.model.ReplyTo;
import im.relay.messagestore.model.StoredMessage;
import im.relay.messagestore.send.References;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.chat.v1.Reaction;
import im.relay.proto.chat.v1.SendMessageRequest;
import java.util.UUID;

/** Stored messages as the chat protos carry them (gRPC answers and Kafka events). */
public final class MessageMapper {

    private MessageMapper() {}

    public static Message proto(StoredMessage message) {
        Message.Builder proto = Message.newBuilder()
                .setMessageId(message.id().toString())
                .setConversationId(message.conversationId())
                .setType(proto(message.type()))
                .setSenderId(message.senderId().toString())
                .setSeq(message.seq())
                .setClientMsgId(message.clientMsgId())
                .setContentType(proto(message.contentType()))
                .setContent(message.content())
                .setSentAt(Protos.timestamp(message.sentAt()))
                .setRecalled(message.recalled());
        if (message.editedAt() != null) {
            proto.setEditedAt(Protos.timestamp(message.editedAt()));
        }
        proto.setEditVersion(message.editVersion());
        message.reactions()
                .forEach(r -> proto.addReactions(Reaction.newBuilder()
                        .setEmoji(r.emoji())
                        .addAllUserIds(r.userIds().stream().map(UUID::toString).toList())));
        if (message.replyTo() != null) {
            ReplyTo quoted = message.replyTo();
            proto.setReplyTo(im.relay.proto.chat.v1.ReplyTo.newBuilder()
                    .setMessageId(quoted.messageId().toString())
                    .setSenderId(quoted.senderId().toString())
                    .setContentType(proto(quoted.contentType()))
                    .setSnippet(quoted.snippet())
                    .setRecalled(quoted.recalled()));
        }
        message.mentions().forEach(user -> proto.addMentions(user.toString()));
        proto.setMentionsAll(message.mentionsAll());
        if (message.receiverId() != null) {
            proto.setReceiverId(message.receiverId().toString());
        }
        if (message.groupId() != null) {
            proto.setGroupId(message.groupId().toString());
        }
        return proto.build();
    }

    /** What a send asks to quote and mention; checked by SendService. */
    public static References references(SendMessageRequest request) {
        return new References(request.getReplyTo(), request.getMentionsList(), request.getMentionsAll());
    }

    public static im.relay.proto.chat.v1.ConversationType proto(ConversationType type) {
        return switch (type) {
            case PRIVATE -> im.relay.proto.chat.v1.ConversationType.CONVERSATION_TYPE_PRIVATE;
            case GROUP -> im.relay.proto.chat.v1.ConversationType.CONVERSATION_TYPE_GROUP;
        };
    }

    public static im.relay.proto.chat.v1.ContentType proto(ContentType type) {
        return im.relay.proto.chat.v1.ContentType.valueOf("CONTENT_TYPE_" + type.name());
    }

    /** The domain content type of a request; null when the client left it out or sent a value we do not know. */
    public static ContentType contentType(im.relay.proto.chat.v1.ContentType type) {
        return switch (type) {
            case CONTENT_TYPE_TEXT -> ContentType.TEXT;
            case CONTENT_TYPE_IMAGE -> ContentType.IMAGE;
            case CONTENT_TYPE_AUDIO -> ContentType.AUDIO;
            case CONTENT_TYPE_VIDEO -> ContentType.VIDEO;
            case CONTENT_TYPE_FILE -> ContentType.FILE;
            case CONTENT_TYPE_SYSTEM -> ContentType.SYSTEM;
            case CONTENT_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
