package im.relay.groupmessage;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Group conversations: messages, seq, read cursors, recall. */
@SpringBootApplication
@RelayService("group-message-server")
public class GroupMessageServerApplication {

    public static void main(String[] args) {
        RelayApplication.launch(GroupMessageServerApplication.class, args);
    }
}
