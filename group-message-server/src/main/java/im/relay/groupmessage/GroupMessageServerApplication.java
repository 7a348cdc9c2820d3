package im.relay.groupmessage;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import im.relay.messagestore.MessageStoreConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Group conversations: messages, seq, read cursors, recall, the system lines of group changes. */
@SpringBootApplication
@RelayService("group-message-server")
@Import(MessageStoreConfiguration.class)
public class GroupMessageServerApplication {

    public static void main(String[] args) {
        RelayApplication.launch(GroupMessageServerApplication.class, args);
    }
}
