package im.relay.groupmessage;

import im.relay.common.config.RelayApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Group conversations: messages, seq, read cursors, recall. */
@SpringBootApplication
public class GroupMessageServerApplication {

    public static void main(String[] args) {
        RelayApplication.launch(GroupMessageServerApplication.class, args);
    }
}
