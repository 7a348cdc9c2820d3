package im.relay.privatemessage;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import im.relay.messagestore.MessageStoreConfiguration;
import im.relay.userclient.UserClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Private conversations: messages, seq, read cursors, recall. */
@SpringBootApplication
@RelayService("private-message-server")
@Import({MessageStoreConfiguration.class, UserClient.class})
public class PrivateMessageServerApplication {

    public static void main(String[] args) {
        RelayApplication.launch(PrivateMessageServerApplication.class, args);
    }
}
