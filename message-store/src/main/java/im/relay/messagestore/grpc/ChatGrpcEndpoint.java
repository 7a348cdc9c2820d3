package im.relay.messagestore.grpc;

import static im.relay.common.grpc.Protos.reply;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.messagestore.cursors.CursorService;
import im.relay.messagestore.edit.EditService;
import im.relay.messagestore.history.HistoryService;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.model.ConversationView;
import im.relay.messagestore.model.Page;
import im.relay.messagestore.recall.RecallService;
import im.relay.messagestore.send.SendService;
import im.relay.proto.chat.v1.ChatServiceGrpc;
import im.relay.proto.chat.v1.Conversation;
import im.relay.proto.chat.v1.DeleteForMeRequest;
import im.relay.proto.chat.v1.DeleteForMeResponse;
import im.relay.proto.chat.v1.EditRequest;
import im.relay.proto.chat.v1.EditResponse;
import im.relay.proto.chat.v1.HistoryRequest;
import im.relay.proto.chat.v1.HistoryResponse;
import im.relay.proto.chat.v1.ListConversationsRequest;
import im.relay.proto.chat.v1.ListConversationsResponse;
import im.relay.proto.chat.v1.MarkReadRequest;
import im.relay.proto.chat.v1.MarkReadResponse;
import im.relay.proto.chat.v1.ReactRequest;
import im.relay.proto.chat.v1.ReactResponse;
import im.relay.proto.chat.v1.RecallRequest;
import im.relay.proto.chat.v1.RecallResponse;
import im.relay.proto.chat.v1.SendBatch;
import im.relay.proto.chat.v1.SendMessageRequest;
import im.relay.proto.chat.v1.SendMessageResponse;
import im.relay.proto.chat.v1.SendOutcomes;
import im.relay.proto.chat.v1.SyncRequest;
import im.relay.proto.chat.v1.SyncResponse;
import im.relay.proto.chat.v1.UnreadRequest;
import im.relay.proto.chat.v1.UnreadResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * ChatService, which both message servers serve: the server's {@link ConversationPolicy} (private or group rules)
 * makes the difference.
 */
public final class ChatGrpcEndpoint extends ChatServiceGrpc.ChatServiceImplBase {

    private final SendService messages;
    private final HistoryService history;
    private final CursorService cursors;
    private final RecallService recalls;
    private final EditService edits;
    private final Executor workers;

    public ChatGrpcEndpoint(
            SendService messages,
            HistoryService history,
            CursorService cursors,
            RecallService recalls,
            EditService edits,
            Executor workers) {
        this.messages = messages;
        this.history = history;
        this.cursors = cursors;
        this.recalls = recalls;
        this.edits = edits;
        this.workers = workers;
    }

    /** message-gateway's send path (its cluster secret is checked by {@link SendStreamAuthentication}). */
    @Override
    public StreamObserver<SendBatch> sendStream(StreamObserver<SendOutcomes> response) {
        return new SendStreamGrpcEndpoint(messages, (ServerCallStreamObserver<SendOutcomes>) response, workers);
    }

    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> response) {
        messages.sendAsync(
                        caller(),
                        request.getTo(),
                        request.getClientMsgId(),
                        MessageMapper.contentType(request.getContentType()),
                        request.getContent(),
                        MessageMapper.references(request))
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        response.onError(GrpcErrors.toStatus(relayFailure(failure)));
                        return;
                    }
                    reply(
                            response,
                            SendMessageResponse.newBuilder()
                                    .setMessage(MessageMapper.proto(sent.message()))
                                    .setCreated(sent.created())
                                    .build());
                });
    }

    static RelayException relayFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return cause instanceof RelayException relay
                ? relay
                : new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the message was not stored", cause);
    }

    @Override
    public void getHistory(HistoryRequest request, StreamObserver<HistoryResponse> response) {
        Page page = history.history(
                caller(),
                request.getTarget(),
                request.hasBeforeSeq() ? request.getBeforeSeq() : null,
                request.hasAfterSeq() ? request.getAfterSeq() : null,
                request.getLimit());
        reply(
                response,
                HistoryResponse.newBuilder()
                        .addAllMessages(page.messages().stream()
                                .map(MessageMapper::proto)
                                .toList())
                        .setHasMore(page.hasMore())
                        .build());
    }

    @Override
    public void sync(SyncRequest request, StreamObserver<SyncResponse> response) {
        Page page = history.sync(caller(), request.getConversationId(), request.getAfterSeq(), request.getLimit());
        reply(
                response,
                SyncResponse.newBuilder()
                        .addAllMessages(page.messages().stream()
                                .map(MessageMapper::proto)
                                .toList())
                        .setHasMore(page.hasMore())
                        .build());
    }

    @Override
    public void listConversations(
            ListConversationsRequest request, StreamObserver<ListConversationsResponse> response) {
        reply(
                response,
                ListConversationsResponse.newBuilder()
                        .addAllConversations(proto(cursors.conversations(caller())))
                        .build());
    }

    @Override
    public void markRead(MarkReadRequest request, StreamObserver<MarkReadResponse> response) {
        reply(
                response,
                MarkReadResponse.newBuilder()
                        .setReadSeq(cursors.markRead(caller(), request.getConversationId(), request.getSeq()))
                        .build());
    }

    @Override
    public void getUnread(UnreadRequest request, StreamObserver<UnreadResponse> response) {
        List<ConversationView> unread = cursors.unread(caller());
        reply(
                response,
                UnreadResponse.newBuilder()
                        .addAllConversations(proto(unread))
                        .setTotal(unread.stream()
                                .mapToLong(ConversationView::unreadCount)
                                .sum())
                        .build());
    }

    @Override
    public void recall(RecallRequest request, StreamObserver<RecallResponse> response) {
        reply(
                response,
                RecallResponse.newBuilder()
                        .setMessage(MessageMapper.proto(recalls.recall(caller(), request.getMessageId())))
                        .build());
    }

    @Override
    public void edit(EditRequest request, StreamObserver<EditResponse> response) {
        reply(
                response,
                EditResponse.newBuilder()
                        .setMessage(
                                MessageMapper.proto(edits.edit(caller(), request.getMessageId(), request.getContent())))
                        .build());
    }

    @Override
    public void react(ReactRequest request, StreamObserver<ReactResponse> response) {
        reply(
                response,
                ReactResponse.newBuilder()
                        .setMessage(MessageMapper.proto(
                                edits.react(caller(), request.getMessageId(), request.getEmoji(), request.getAdd())))
                        .build());
    }

    @Override
    public void deleteForMe(DeleteForMeRequest request, StreamObserver<DeleteForMeResponse> response) {
        recalls.deleteForMe(caller(), request.getMessageId());
        reply(response, DeleteForMeResponse.getDefaultInstance());
    }

    private static List<Conversation> proto(List<ConversationView> views) {
        return views.stream().map(ChatGrpcEndpoint::proto).toList();
    }

    private static Conversation proto(ConversationView view) {
        Conversation.Builder proto = Conversation.newBuilder()
                .setConversationId(view.conversationId())
                .setType(MessageMapper.proto(view.type()))
                .setName(view.name())
                .setMaxSeq(view.maxSeq())
                .setReadSeq(view.readSeq())
                .setUnreadCount(view.unreadCount())
                .setMentionedCount(view.mentionedCount());
        if (view.peerId() != null) {
            proto.setPeerId(view.peerId().toString());
        }
        if (view.groupId() != null) {
            proto.setGroupId(view.groupId().toString());
        }
        if (view.lastMessage() != null) {
            proto.setLastMessage(MessageMapper.proto(view.lastMessage()));
        }
        return proto.build();
    }

    private static Caller caller() {
        Caller caller = CallerContext.require();
        if (caller.userId() == null) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, "no user behind this call");
        }
        return caller;
    }
}
