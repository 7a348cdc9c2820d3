package im.relay.privatemessage;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Private conversations: messages, seq, read cursors, recall. */
@SpringBootApplication
@RelayService("private-message-server")
public class PrivateMessageServerApplication {

    public static void main(String[] args) {
        RelayApplication.launch(PrivateMessageServerApplication.class, args);
    }
}
