package im.relay.privatemessage.conversation;

import im.relay.messagestore.grpc.ChatGrpcEndpoint;
import im.relay.proto.privatemessage.v1.PrivateMessageServiceGrpc;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import org.springframework.stereotype.Service;

/** PrivateMessageService: the chat endpoint both message servers share, with this server's rules behind it. */
@Service
class PrivateMessageGrpcEndpoint implements BindableService {

    private final ChatGrpcEndpoint chat;

    PrivateMessageGrpcEndpoint(ChatGrpcEndpoint chat) {
        this.chat = chat;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return PrivateMessageServiceGrpc.bindService(chat);
    }
}
