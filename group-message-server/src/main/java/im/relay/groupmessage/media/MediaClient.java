package im.relay.groupmessage.media;

import static im.relay.common.error.GrpcErrors.call;

import im.relay.messagestore.grpc.MessageMapper;
import im.relay.messagestore.model.ContentType;
import im.relay.messagestore.send.MediaAttachments;
import im.relay.proto.privatemessage.v1.AttachMediaRequest;
import im.relay.proto.privatemessage.v1.MediaServiceGrpc;
import java.util.UUID;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * Group messages that name an upload: private-message-server hosts every upload, so it records the reference (and
 * from then on lets the group's members download it) and answers the message's content. Called as the sender, whose
 * token the send carries; a failure is the send's failure (the message is not stored, and not acked).
 */
@Component
class MediaClient implements MediaAttachments {

    private final MediaServiceGrpc.MediaServiceBlockingStub media;

    MediaClient(GrpcChannelFactory channels) {
        this.media = MediaServiceGrpc.newBlockingStub(channels.createChannel("private-message-server"));
    }

    @Override
    public String attach(UUID sender, String conversationId, ContentType contentType, String mediaId) {
        AttachMediaRequest request = AttachMediaRequest.newBuilder()
                .setConversationId(conversationId)
                .setContentType(MessageMapper.proto(contentType))
                .setMediaId(mediaId)
                .build();
        return call(() -> media.attachMedia(request)).getContent();
    }
}
