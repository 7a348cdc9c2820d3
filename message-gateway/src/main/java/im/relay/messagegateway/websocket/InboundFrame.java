package im.relay.messagegateway.websocket;

import im.relay.common.error.ErrorCode;
import im.relay.messagegateway.chat.ContentType;
import im.relay.messagegateway.chat.ConversationId;
import im.relay.messagegateway.chat.ConversationType;
import im.relay.messagegateway.chat.MessageReferences;
import org.jspecify.annotations.Nullable;

/** A client frame, parsed and checked for shape (API.md, WebSocket: client → server). */
sealed interface InboundFrame {

    /** The frame's {@code id}, echoed by its reply; null when it had none. */
    @Nullable
    String id();

    /** The metric tag of the frame. */
    String type();

    record Send(
            String id,
            ConversationType conversationType,
            String to,
            ContentType contentType,
            String content,
            MessageReferences references)
            implements InboundFrame {
        public String type() {
            return "send";
        }
    }

    record Sync(
            @Nullable String id,
            ConversationId conversationId,
            long afterSeq,
            @Nullable Integer limit) implements InboundFrame {
        public String type() {
            return "sync";
        }
    }

    record Read(@Nullable String id, ConversationId conversationId, long seq) implements InboundFrame {
        public String type() {
            return "read";
        }
    }

    record Typing(@Nullable String id, ConversationId conversationId) implements InboundFrame {
        public String type() {
            return "typing";
        }
    }

    record Recall(@Nullable String id, String messageId) implements InboundFrame {
        public String type() {
            return "recall";
        }
    }

    record Edit(@Nullable String id, String messageId, String content) implements InboundFrame {
        public String type() {
            return "edit";
        }
    }

    record React(@Nullable String id, String messageId, String emoji, boolean add) implements InboundFrame {
        public String type() {
            return "react";
        }
    }

    record Ping(@Nullable String id) implements InboundFrame {
        public String type() {
            return "ping";
        }
    }

    /** A frame that is answered with an error only: not JSON, missing fields, unknown type, bad values. */
    record Invalid(@Nullable String id, ErrorCode code, String message) implements InboundFrame {
        public String type() {
            return "invalid";
        }
    }
}
