package im.relay.messagegateway.chat;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import im.relay.common.error.RelayException;
import im.relay.common.grpc.Protos;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.common.identity.ClusterSecret;
import im.relay.proto.chat.v1.ChatServiceGrpc;
import im.relay.proto.chat.v1.ChatServiceGrpc.ChatServiceBlockingStub;
import im.relay.proto.chat.v1.Conversation;
import im.relay.proto.chat.v1.DeleteForMeRequest;
import im.relay.proto.chat.v1.EditRequest;
import im.relay.proto.chat.v1.HistoryRequest;
import im.relay.proto.chat.v1.HistoryResponse;
import im.relay.proto.chat.v1.ListConversationsRequest;
import im.relay.proto.chat.v1.MarkReadRequest;
import im.relay.proto.chat.v1.ReactRequest;
import im.relay.proto.chat.v1.RecallRequest;
import im.relay.proto.chat.v1.SendMessageRequest;
import im.relay.proto.chat.v1.SyncRequest;
import im.relay.proto.chat.v1.SyncResponse;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * The two message servers, both serving ChatService: private-message-server holds the private conversations,
 * group-message-server the group ones. Sends go on this node's {@link SendStreamClient} to each server, vouched for by
 * the cluster secret; every other call is made as the user: it carries the caller's own access token, so the servers
 * apply their rules to that user. Failures come back as the {@link RelayException} the server chose (NOT_FRIENDS,
 * MUTED, ...), or SERVICE_UNAVAILABLE when a server cannot be reached. Shared by the WebSocket frames and the REST API.
 */
@Component
public class ChatClient implements DisposableBean {

    private static final long STREAM_LIFETIME_DAYS = 36_500;

    private final ChatServiceBlockingStub privateMessages;
    private final ChatServiceBlockingStub groupMessages;
    private final SendStreamClient privateSends;
    private final SendStreamClient groupSends;

    ChatClient(
            GrpcChannelFactory channels,
            Environment environment,
            @Value("${relay.message-gateway.send-timeout:15s}") Duration sendTimeout) {
        ManagedChannel privateChannel = channels.createChannel("private-message-server");
        ManagedChannel groupChannel = channels.createChannel("group-message-server");
        this.privateMessages = ChatServiceGrpc.newBlockingStub(privateChannel);
        this.groupMessages = ChatServiceGrpc.newBlockingStub(groupChannel);
        ClientInterceptor secret = ClusterSecret.from(environment).attach();
        this.privateSends = sendStream(privateChannel, secret, sendTimeout);
        this.groupSends = sendStream(groupChannel, secret, sendTimeout);
    }

    /** Ends the send streams before the channel factory waits for its channels' calls to end. */
    @Override
    public void destroy() {
        privateSends.close();
        groupSends.close();
    }

    private static SendStreamClient sendStream(ManagedChannel channel, ClientInterceptor secret, Duration timeout) {
        // A send stream lives as long as the node: the channel's default deadline (for unary calls) must not end it,
        // and an explicit deadline is the only way to keep that default off a call.
        ChatServiceGrpc.ChatServiceStub stream = ChatServiceGrpc.newStub(channel)
                .withInterceptors(secret)
                .withDeadlineAfter(STREAM_LIFETIME_DAYS, TimeUnit.DAYS);
        return new SendStreamClient(stream::sendStream, timeout);
    }

    /**
     * Sends to a peer (PRIVATE, {@code to} = user id) or a group (GROUP, {@code to} = group id) on this node's send
     * stream; completes with the stored message once its batch committed, or fails with the server's refusal.
     */
    public CompletableFuture<SentMessage> sendAsync(
            Caller caller,
            ConversationType type,
            String to,
            String clientMsgId,
            ContentType contentType,
            String content,
            MessageReferences references) {
        SendMessageRequest.Builder request = SendMessageRequest.newBuilder()
                .setTo(to)
                .setClientMsgId(clientMsgId)
                .setContentType(MessageMapper.toProto(contentType))
                .setContent(content);
        MessageMapper.references(request, references);
        return (type == ConversationType.PRIVATE ? privateSends : groupSends)
                .send(caller, request.build())
                .thenApply(response ->
                        new SentMessage(MessageMapper.toChatMessage(response.getMessage()), response.getCreated()));
    }

    /** As {@link #sendAsync}, waiting for the outcome. */
    public SentMessage send(
            Caller caller,
            ConversationType type,
            String to,
            String clientMsgId,
            ContentType contentType,
            String content,
            MessageReferences references) {
        try {
            return sendAsync(caller, type, to, clientMsgId, contentType, content, references)
                    .join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RelayException relay
                    ? relay
                    : new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the message was not stored", e.getCause());
        }
    }

    /** The messages after {@code afterSeq}, oldest first. */
    public SyncPage sync(Caller caller, ConversationId conversation, long afterSeq, int limit) {
        SyncRequest request = SyncRequest.newBuilder()
                .setConversationId(conversation.toString())
                .setAfterSeq(afterSeq)
                .setLimit(limit)
                .build();
        SyncResponse response = call(caller, () -> server(conversation.type()).sync(request));
        return new SyncPage(
                response.getMessagesList().stream()
                        .map(MessageMapper::toChatMessage)
                        .toList(),
                response.getHasMore());
    }

    /** Moves the caller's read cursor forward; answers the cursor after the call. */
    public long markRead(Caller caller, ConversationId conversation, long seq) {
        MarkReadRequest request = MarkReadRequest.newBuilder()
                .setConversationId(conversation.toString())
                .setSeq(seq)
                .build();
        return call(caller, () -> server(conversation.type()).markRead(request)).getReadSeq();
    }

    /**
     * Recalls a message. A message id does not say which server holds it, so the private server is asked first and
     * the group server when the private one does not know it (as for every call by message id).
     */
    public ChatMessage recall(Caller caller, String messageId) {
        RecallRequest request =
                RecallRequest.newBuilder().setMessageId(messageId).build();
        return MessageMapper.toChatMessage(
                byMessageId(caller, server -> server.recall(request)).getMessage());
    }

    /** Replaces the text of the caller's own TEXT message (within the edit window). */
    public ChatMessage edit(Caller caller, String messageId, String content) {
        EditRequest request = EditRequest.newBuilder()
                .setMessageId(messageId)
                .setContent(content == null ? "" : content)
                .build();
        return MessageMapper.toChatMessage(
                byMessageId(caller, server -> server.edit(request)).getMessage());
    }

    /** Adds ({@code add}) or removes the caller's emoji reaction; answers the message with its reactions. */
    public ChatMessage react(Caller caller, String messageId, String emoji, boolean add) {
        ReactRequest request = ReactRequest.newBuilder()
                .setMessageId(messageId)
                .setEmoji(emoji == null ? "" : emoji)
                .setAdd(add)
                .build();
        return MessageMapper.toChatMessage(
                byMessageId(caller, server -> server.react(request)).getMessage());
    }

    /**
     * History with a peer or in a group: newest first before {@code beforeSeq}, oldest first after {@code afterSeq},
     * the latest with neither.
     */
    public SyncPage history(
            Caller caller, ConversationType type, String target, Long beforeSeq, Long afterSeq, int limit) {
        HistoryRequest.Builder request =
                HistoryRequest.newBuilder().setTarget(target).setLimit(limit);
        if (beforeSeq != null) {
            request.setBeforeSeq(beforeSeq);
        }
        if (afterSeq != null) {
            request.setAfterSeq(afterSeq);
        }
        HistoryResponse response = call(caller, () -> server(type).getHistory(request.build()));
        return new SyncPage(
                response.getMessagesList().stream()
                        .map(MessageMapper::toChatMessage)
                        .toList(),
                response.getHasMore());
    }

    /** The caller's private and group conversations together, most recent first; those without messages last. */
    public List<ConversationView> conversations(Caller caller) {
        List<Conversation> all = new ArrayList<>();
        all.addAll(call(caller, () -> privateMessages.listConversations(ListConversationsRequest.getDefaultInstance()))
                .getConversationsList());
        all.addAll(call(caller, () -> groupMessages.listConversations(ListConversationsRequest.getDefaultInstance()))
                .getConversationsList());
        return all.stream()
                .sorted(Comparator.comparing((Conversation c) -> c.hasLastMessage()
                                ? Protos.instant(c.getLastMessage().getSentAt())
                                : Instant.MIN)
                        .reversed())
                .map(MessageMapper::toConversationView)
                .toList();
    }

    /** Hides a message from the caller's history; like recall, the private server is asked first. */
    public void deleteForMe(Caller caller, String messageId) {
        DeleteForMeRequest request =
                DeleteForMeRequest.newBuilder().setMessageId(messageId).build();
        byMessageId(caller, server -> server.deleteForMe(request));
    }

    /** A call by message id: the private server first, the group server when the private one does not know it. */
    private <T> T byMessageId(Caller caller, Function<ChatServiceBlockingStub, T> rpc) {
        try {
            return call(caller, () -> rpc.apply(privateMessages));
        } catch (RelayException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        return call(caller, () -> rpc.apply(groupMessages));
    }

    /** The server that holds conversations of this type. */
    private ChatServiceBlockingStub server(ConversationType type) {
        return type == ConversationType.PRIVATE ? privateMessages : groupMessages;
    }

    private static <T> T call(Caller caller, Supplier<T> call) {
        return GrpcErrors.call(() -> CallerContext.runAsCall(caller, call));
    }
}
