package im.relay.messagegateway;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Clients' WebSocket sessions, presence, the route table and push. */
@SpringBootApplication
@RelayService("message-gateway")
public class MessageGatewayApplication {

    public static void main(String[] args) {
        RelayApplication.launch(MessageGatewayApplication.class, args);
    }
}
