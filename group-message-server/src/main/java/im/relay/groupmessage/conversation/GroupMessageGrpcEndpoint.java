package im.relay.groupmessage.conversation;

import im.relay.messagestore.grpc.ChatGrpcEndpoint;
import im.relay.proto.groupmessage.v1.GroupMessageServiceGrpc;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import org.springframework.stereotype.Service;

/** GroupMessageService: the chat endpoint both message servers share, with this server's rules behind it. */
@Service
class GroupMessageGrpcEndpoint implements BindableService {

    private final ChatGrpcEndpoint chat;

    GroupMessageGrpcEndpoint(ChatGrpcEndpoint chat) {
        this.chat = chat;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return GroupMessageServiceGrpc.bindService(chat);
    }
}
