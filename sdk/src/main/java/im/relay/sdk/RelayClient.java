package im.relay.sdk;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A Relay account's client: typed calls for the whole REST API and, through {@link #connect}, the live WebSocket with
 * the client side of the delivery contract.
 *
 * <pre>{@code
 * try (RelayClient alice = RelayClient.create(URI.create("http://localhost:8080"))) {
 *     alice.login("alice", "correct horse battery");
 *     User bob = alice.users().byUsername("bob");
 *     try (ChatConnection chat = alice.connect(new ChatListener() {
 *         @Override
 *         public void onMessage(Message message) {
 *             System.out.println(message.senderId() + ": " + message.content());
 *         }
 *     })) {
 *         Message sent = chat.send(ConversationType.PRIVATE, bob.id(), "hi").join(); // stored, with its seq
 *         System.out.println("seq " + sent.seq());
 *     }
 * }
 * }</pre>
 *
 * <p>The client keeps the session's tokens and refreshes the access token before it expires; every call throws
 * {@link RelayException} with the server's code when refused.
 */
public interface RelayClient extends AutoCloseable {

    /** A client of the API gateway at {@code baseUrl} (e.g. {@code http://localhost:8080}), with default settings. */
    static RelayClient create(URI baseUrl) {
        return HttpRelayClient.builder(baseUrl).build();
    }

    /** Creates an account and signs in as it. */
    User register(String username, String password, String nickname);

    /** Signs in; {@code platform} WEB, DESKTOP or MOBILE (null: WEB). */
    User login(String username, String password, String platform);

    default User login(String username, String password) {
        return login(username, password, null);
    }

    /** Signs in with tokens kept from an earlier session (the CLI's saved login); refreshes them when needed. */
    void resume(Tokens tokens);

    /** Ends this session on the server: its access token stops working everywhere. */
    void logout();

    /** The current tokens (refreshed when close to expiry), or {@code null} before login. */
    Tokens tokens();

    /** The signed-in user's id. */
    String userId();

    Users users();

    Friends friends();

    Groups groups();

    Messages messages();

    Media media();

    /**
     * Opens the live connection: messages in seq order per conversation, each once, gaps filled after reconnects;
     * sends retried with their clientMsgId until acknowledged. It starts from where every conversation stands now
     * (read with {@code GET /conversations}, so this throws {@link RelayException} when the server cannot be reached);
     * after that it reconnects by itself.
     */
    ChatConnection connect(ChatListener listener);

    /** Closes open connections. */
    @Override
    void close();

    interface Users {
        User me();

        User updateMe(String nickname, String avatarUrl, String email);

        void changePassword(String currentPassword, String newPassword);

        /**
         * Deletes the account (docs/api-notes.md, Users): every session ends, this client's too, so close it
         * afterwards. A wrong password throws {@link RelayException} with code {@code INVALID_CREDENTIALS}.
         */
        void deleteAccount(String password);

        User get(String userId);

        /** Exact username, case-insensitive; 404 NOT_FOUND if none. */
        User byUsername(String username);

        Page<User> search(String query, int limit, int offset);
    }

    interface Friends {
        /** Asks {@code userId} to be friends; answers ACCEPTED at once when they had asked first. */
        FriendRequest request(String userId, String message);

        List<FriendRequest> incoming();

        List<FriendRequest> outgoing();

        void accept(String requestId);

        void reject(String requestId);

        List<Friend> list();

        void setRemark(String userId, String remark);

        void remove(String userId);

        List<User> blocked();

        void block(String userId);

        void unblock(String userId);
    }

    interface Groups {
        Group create(String name, String description, List<String> memberIds);

        List<Group> mine();

        Group get(String groupId);

        List<Member> members(String groupId);

        Group update(String groupId, String name, String description, Boolean mutedAll);

        void dismiss(String groupId);

        List<Member> addMembers(String groupId, List<String> userIds);

        /** Removes a member, or leaves when {@code userId} is one's own. */
        void removeMember(String groupId, String userId);

        Member setRole(String groupId, String userId, String role);

        /** Mutes until {@code until}, or unmutes with {@code null}. */
        Member mute(String groupId, String userId, Instant until);

        void transferOwnership(String groupId, String userId);
    }

    interface Messages {
        /** Sends over REST (the WebSocket's {@link ChatConnection#send} is the usual way); idempotent by clientMsgId. */
        default Message send(ConversationType type, String to, String clientMsgId, String contentType, String content) {
            return send(type, to, clientMsgId, contentType, content, References.NONE);
        }

        /** As {@link #send(ConversationType, String, String, String, String)}, quoting and mentioning. */
        Message send(
                ConversationType type,
                String to,
                String clientMsgId,
                String contentType,
                String content,
                References references);

        /** History newest first before {@code beforeSeq}, or oldest first after {@code afterSeq} (0: unset). */
        Page<Message> history(ConversationType type, String to, long beforeSeq, long afterSeq, int limit);

        List<Conversation> conversations();

        void markRead(String conversationId, long seq);

        Unread unread();

        Message recall(String messageId);

        /** Replaces the text of one's own TEXT message (within the edit window); answers it as edited. */
        Message edit(String messageId, String content);

        /** Adds one's emoji reaction (idempotent); answers the message with its reactions. */
        Message react(String messageId, String emoji);

        /** Removes one's emoji reaction (idempotent); answers the message with its reactions. */
        Message unreact(String messageId, String emoji);

        void deleteForMe(String messageId);
    }

    /**
     * Uploads ({@code /api/media}), streamed from and to disk. Send an upload with {@link Messages#send} (or the
     * connection) as content type {@link MediaFile#contentType()} and content {@link MediaFile#mediaId()}.
     */
    interface Media {
        /** Uploads the file under its own name; the server reads its type from the bytes (413 / 415 as RelayException). */
        MediaFile upload(Path file);

        /** Saves the upload into {@code target} (the uploader, or a member of a conversation that carries it). */
        void download(String mediaId, Path target);

        /** Saves the upload's PNG thumbnail into {@code target} (images only: NOT_FOUND otherwise). */
        void downloadThumbnail(String mediaId, Path target);
    }
}
