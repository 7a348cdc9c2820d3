package im.relay.messagegateway.support;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import im.relay.common.error.RelayException;
import im.relay.common.grpc.Protos;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.common.identity.CallerServerInterceptor;
import im.relay.common.security.AccessTokenClaims;
import im.relay.proto.chat.v1.ChatServiceGrpc;
import im.relay.proto.chat.v1.ConversationType;
import im.relay.proto.chat.v1.EditRequest;
import im.relay.proto.chat.v1.EditResponse;
import im.relay.proto.chat.v1.MarkReadRequest;
import im.relay.proto.chat.v1.MarkReadResponse;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.chat.v1.ReactRequest;
import im.relay.proto.chat.v1.ReactResponse;
import im.relay.proto.chat.v1.Reaction;
import im.relay.proto.chat.v1.RecallRequest;
import im.relay.proto.chat.v1.RecallResponse;
import im.relay.proto.chat.v1.SendBatch;
import im.relay.proto.chat.v1.SendEnvelope;
import im.relay.proto.chat.v1.SendMessageRequest;
import im.relay.proto.chat.v1.SendMessageResponse;
import im.relay.proto.chat.v1.SendOutcome;
import im.relay.proto.chat.v1.SendOutcomes;
import im.relay.proto.chat.v1.SyncRequest;
import im.relay.proto.chat.v1.SyncResponse;
import im.relay.proto.friend.v1.CheckMessagingRequest;
import im.relay.proto.friend.v1.CheckMessagingResponse;
import im.relay.proto.friend.v1.FriendServiceGrpc;
import im.relay.proto.friend.v1.ListPresenceAudienceRequest;
import im.relay.proto.friend.v1.ListPresenceAudienceResponse;
import im.relay.proto.group.v1.GroupServiceGrpc;
import im.relay.proto.group.v1.ListMemberIdsRequest;
import im.relay.proto.group.v1.ListMemberIdsResponse;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in, at their process boundary, for the message servers, friend-service and group-service: gRPC servers
 * that store messages in memory with per-conversation seqs, and answer relations the test set up. Peers whose id
 * starts with {@code stranger} are not friends; groups the test did not create do not have the caller as a member.
 * Both message servers serve ChatService, so the group one has a server of its own.
 */
public final class FakeBackends implements AutoCloseable {

    /** A read cursor move the fake private or group server was asked for. */
    public record ReadCall(String userId, String conversationId, long seq) {}

    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();
    private final Map<String, Message> messages = new ConcurrentHashMap<>();
    private final Map<String, Message> byClientMsgId = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> audiences = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();
    private final List<ReadCall> reads = new CopyOnWriteArrayList<>();
    private final Server server;
    private final Server groupMessageServer;

    private FakeBackends() {
        CallerServerInterceptor callers = new CallerServerInterceptor(FakeBackends::unverifiedCaller);
        server = ServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Chat(ConversationType.CONVERSATION_TYPE_PRIVATE), callers))
                .addService(ServerInterceptors.intercept(new Friends(), callers))
                .addService(ServerInterceptors.intercept(new Groups(), callers))
                .build();
        groupMessageServer = ServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Chat(ConversationType.CONVERSATION_TYPE_GROUP), callers))
                .build();
    }

    public static FakeBackends start() {
        FakeBackends backends = new FakeBackends();
        try {
            backends.server.start();
            backends.groupMessageServer.start();
        } catch (IOException e) {
            backends.close();
            throw new UncheckedIOException(e);
        }
        return backends;
    }

    /** The address of the fake behind the gRPC client channel named {@code channel}. */
    public String address(String channel) {
        Server target = channel.equals("group-message-server") ? groupMessageServer : server;
        return "static://127.0.0.1:" + target.getPort();
    }

    /** friend-service will answer that these users see {@code userId}'s presence. */
    public void setAudience(String userId, Set<String> audience) {
        audiences.put(userId, Set.copyOf(audience));
    }

    public void setGroupMembers(String groupId, Set<String> members) {
        groups.put(groupId, Set.copyOf(members));
    }

    public List<ReadCall> reads() {
        return List.copyOf(reads);
    }

    @Override
    public void close() {
        server.shutdownNow();
        groupMessageServer.shutdownNow();
    }

    /** The gateway checked the token; the fake only needs to know whose it is. */
    private static Caller unverifiedCaller(String token) {
        try {
            JWTClaimsSet claims = JWTParser.parse(token).getJWTClaimsSet();
            return new Caller(claims.getSubject(), (String) claims.getClaim(AccessTokenClaims.SESSION_ID), token);
        } catch (ParseException e) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, "not a JWT");
        }
    }

    private static String me() {
        return CallerContext.require().userId();
    }

    private Message store(String conversationId, SendMessageRequest request, Message.Builder addressing) {
        String key = me() + "|" + request.getClientMsgId();
        Message original = byClientMsgId.get(key);
        if (original != null) {
            return original;
        }
        Message message = addressing
                .setMessageId(UUID.randomUUID().toString())
                .setConversationId(conversationId)
                .setSenderId(me())
                .setSeq(seqs.computeIfAbsent(conversationId, c -> new AtomicLong())
                        .incrementAndGet())
                .setClientMsgId(request.getClientMsgId())
                .setContentType(request.getContentType())
                .setContent(request.getContent())
                .setSentAt(Protos.timestamp(Instant.now()))
                .build();
        messages.put(message.getMessageId(), message);
        byClientMsgId.put(key, message);
        return message;
    }

    private SyncResponse sync(SyncRequest request) {
        List<Message> after = messages.values().stream()
                .filter(m -> m.getConversationId().equals(request.getConversationId()))
                .filter(m -> m.getSeq() > request.getAfterSeq())
                .sorted(java.util.Comparator.comparingLong(Message::getSeq))
                .toList();
        return SyncResponse.newBuilder()
                .addAllMessages(after.stream().limit(request.getLimit()).toList())
                .setHasMore(after.size() > request.getLimit())
                .build();
    }

    private MarkReadResponse markRead(MarkReadRequest request) {
        reads.add(new ReadCall(me(), request.getConversationId(), request.getSeq()));
        return MarkReadResponse.newBuilder().setReadSeq(request.getSeq()).build();
    }

    private RecallResponse recall(RecallRequest request, ConversationType type) {
        Message message = owned(request.getMessageId(), type);
        Message recalled = message.toBuilder().setRecalled(true).setContent("").build();
        messages.put(recalled.getMessageId(), recalled);
        return RecallResponse.newBuilder().setMessage(recalled).build();
    }

    private EditResponse edit(EditRequest request, ConversationType type) {
        Message message = owned(request.getMessageId(), type);
        Message edited = message.toBuilder()
                .setContent(request.getContent())
                .setEditVersion(message.getEditVersion() + 1)
                .setEditedAt(Protos.timestamp(Instant.now()))
                .build();
        messages.put(edited.getMessageId(), edited);
        return EditResponse.newBuilder().setMessage(edited).build();
    }

    private ReactResponse react(ReactRequest request, ConversationType type) {
        Message message = messages.get(request.getMessageId());
        if (message == null || message.getType() != type) {
            throw new RelayException(ErrorCode.NOT_FOUND, "no such message");
        }
        Message.Builder reacted = message.toBuilder().clearReactions();
        boolean found = false;
        for (Reaction reaction : message.getReactionsList()) {
            if (reaction.getEmoji().equals(request.getEmoji())) {
                found = true;
                List<String> users = new java.util.ArrayList<>(reaction.getUserIdsList());
                users.remove(me());
                if (request.getAdd()) {
                    users.add(me());
                }
                if (!users.isEmpty()) {
                    reacted.addReactions(reaction.toBuilder().clearUserIds().addAllUserIds(users));
                }
            } else {
                reacted.addReactions(reaction);
            }
        }
        if (!found && request.getAdd()) {
            reacted.addReactions(
                    Reaction.newBuilder().setEmoji(request.getEmoji()).addUserIds(me()));
        }
        messages.put(message.getMessageId(), reacted.build());
        return ReactResponse.newBuilder().setMessage(reacted.build()).build();
    }

    /** The caller's own message of that type, as recall and edit require. */
    private Message owned(String messageId, ConversationType type) {
        Message message = messages.get(messageId);
        if (message == null || message.getType() != type) {
            throw new RelayException(ErrorCode.NOT_FOUND, "no such message");
        }
        if (!message.getSenderId().equals(me())) {
            throw new RelayException(ErrorCode.FORBIDDEN, "only the sender may change it");
        }
        return message;
    }

    /** The send stream as the real servers answer it: each envelope as a send by its sender, outcomes in batches. */
    private static StreamObserver<SendBatch> sendStream(
            StreamObserver<SendOutcomes> response,
            java.util.function.Function<SendMessageRequest, SendMessageResponse> send) {
        return new StreamObserver<>() {
            @Override
            public void onNext(SendBatch batch) {
                SendOutcomes.Builder outcomes = SendOutcomes.newBuilder();
                for (SendEnvelope envelope : batch.getSendsList()) {
                    SendOutcome.Builder outcome = SendOutcome.newBuilder().setId(envelope.getId());
                    Caller sender =
                            new Caller(envelope.getSenderId(), envelope.getSessionId(), envelope.getAccessToken());
                    try {
                        outcome.setSent(CallerContext.runAsCall(sender, () -> send.apply(envelope.getRequest())));
                    } catch (RelayException e) {
                        outcome.setErrorCode(e.code().name()).setErrorDetail(e.detail());
                    }
                    outcomes.addOutcomes(outcome);
                }
                response.onNext(outcomes.build());
            }

            @Override
            public void onError(Throwable failure) {}

            @Override
            public void onCompleted() {
                response.onCompleted();
            }
        };
    }

    private static <T> void answer(StreamObserver<T> response, java.util.function.Supplier<T> body) {
        try {
            Protos.reply(response, body.get());
        } catch (RelayException e) {
            response.onError(GrpcErrors.toStatus(e));
        }
    }

    /** A message server: private-message-server's rules for PRIVATE, group-message-server's for GROUP. */
    private final class Chat extends ChatServiceGrpc.ChatServiceImplBase {

        private final ConversationType type;

        Chat(ConversationType type) {
            this.type = type;
        }

        @Override
        public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> response) {
            answer(response, () -> send(request));
        }

        @Override
        public StreamObserver<SendBatch> sendStream(StreamObserver<SendOutcomes> response) {
            return FakeBackends.sendStream(response, this::send);
        }

        private SendMessageResponse send(SendMessageRequest request) {
            Message message =
                    type == ConversationType.CONVERSATION_TYPE_PRIVATE ? sendPrivate(request) : sendToGroup(request);
            return SendMessageResponse.newBuilder()
                    .setMessage(message)
                    .setCreated(true)
                    .build();
        }

        private Message sendPrivate(SendMessageRequest request) {
            if (request.getTo().startsWith("stranger")) {
                throw new RelayException(ErrorCode.NOT_FRIENDS, "you are not friends");
            }
            String me = me();
            String conversation = me.compareTo(request.getTo()) < 0
                    ? "p:" + me + ":" + request.getTo()
                    : "p:" + request.getTo() + ":" + me;
            return store(
                    conversation, request, Message.newBuilder().setType(type).setReceiverId(request.getTo()));
        }

        private Message sendToGroup(SendMessageRequest request) {
            if (!groups.getOrDefault(request.getTo(), Set.of()).contains(me())) {
                throw new RelayException(ErrorCode.NOT_GROUP_MEMBER, "not a member of this group");
            }
            return store(
                    "g:" + request.getTo(),
                    request,
                    Message.newBuilder().setType(type).setGroupId(request.getTo()));
        }

        @Override
        public void sync(SyncRequest request, StreamObserver<SyncResponse> response) {
            answer(response, () -> FakeBackends.this.sync(request));
        }

        @Override
        public void markRead(MarkReadRequest request, StreamObserver<MarkReadResponse> response) {
            answer(response, () -> FakeBackends.this.markRead(request));
        }

        @Override
        public void recall(RecallRequest request, StreamObserver<RecallResponse> response) {
            answer(response, () -> FakeBackends.this.recall(request, type));
        }

        @Override
        public void edit(EditRequest request, StreamObserver<EditResponse> response) {
            answer(response, () -> FakeBackends.this.edit(request, type));
        }

        @Override
        public void react(ReactRequest request, StreamObserver<ReactResponse> response) {
            answer(response, () -> FakeBackends.this.react(request, type));
        }
    }

    private final class Friends extends FriendServiceGrpc.FriendServiceImplBase {

        @Override
        public void listPresenceAudience(
                ListPresenceAudienceRequest request, StreamObserver<ListPresenceAudienceResponse> response) {
            answer(
                    response,
                    () -> ListPresenceAudienceResponse.newBuilder()
                            .addAllUserIds(audiences.getOrDefault(me(), Set.of()))
                            .build());
        }

        @Override
        public void checkMessaging(CheckMessagingRequest request, StreamObserver<CheckMessagingResponse> response) {
            answer(
                    response,
                    () -> CheckMessagingResponse.newBuilder()
                            .setVerdict(
                                    request.getReceiverId().startsWith("stranger")
                                            ? CheckMessagingResponse.Verdict.VERDICT_NOT_FRIENDS
                                            : CheckMessagingResponse.Verdict.VERDICT_ALLOWED)
                            .build());
        }
    }

    private final class Groups extends GroupServiceGrpc.GroupServiceImplBase {

        @Override
        public void listMemberIds(ListMemberIdsRequest request, StreamObserver<ListMemberIdsResponse> response) {
            answer(response, () -> {
                Set<String> members = groups.getOrDefault(request.getGroupId(), Set.of());
                if (!members.contains(me())) {
                    throw new RelayException(ErrorCode.NOT_GROUP_MEMBER, "not a member of this group");
                }
                return ListMemberIdsResponse.newBuilder()
                        .addAllUserIds(members)
                        .setVersion(1)
                        .build();
            });
        }
    }
}
