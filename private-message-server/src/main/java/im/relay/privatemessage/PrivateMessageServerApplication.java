package im.relay.privatemessage;

import im.relay.common.config.RelayApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Private conversations: messages, seq, read cursors, recall. */
@SpringBootApplication
public class PrivateMessageServerApplication {

    public static void main(String[] args) {
        RelayApplication.launch(PrivateMessageServerApplication.class, args);
    }
}
