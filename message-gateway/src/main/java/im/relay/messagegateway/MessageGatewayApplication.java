package im.relay.messagegateway;

import im.relay.common.config.RelayApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Clients' WebSocket sessions, presence, the route table and push. */
@SpringBootApplication
public class MessageGatewayApplication {

    public static void main(String[] args) {
        RelayApplication.launch(MessageGatewayApplication.class, args);
    }
}
