package im.relay.privatemessage.media;

import static im.relay.common.grpc.Protos.reply;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.CallerContext;
import im.relay.messagestore.grpc.MessageMapper;
import im.relay.messagestore.model.ContentType;
import im.relay.proto.privatemessage.v1.AttachMediaRequest;
import im.relay.proto.privatemessage.v1.AttachMediaResponse;
import im.relay.proto.privatemessage.v1.MediaServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** MediaService over gRPC: group-message-server attaches uploads to group messages, as their sender. */
@Service
class MediaGrpcEndpoint extends MediaServiceGrpc.MediaServiceImplBase {

    private final MediaService media;

    MediaGrpcEndpoint(MediaService media) {
        this.media = media;
    }

    @Override
    public void attachMedia(AttachMediaRequest request, StreamObserver<AttachMediaResponse> response) {
        ContentType type = MessageMapper.contentType(request.getContentType());
        if (type == null || type == ContentType.TEXT || type == ContentType.SYSTEM) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "only IMAGE, AUDIO, VIDEO and FILE carry an upload");
        }
        UUID sender = UUID.fromString(CallerContext.require().userId());
        String content = media.attachToGroup(sender, request.getConversationId(), type, request.getMediaId());
        reply(response, AttachMediaResponse.newBuilder().setContent(content).build());
    }
}
