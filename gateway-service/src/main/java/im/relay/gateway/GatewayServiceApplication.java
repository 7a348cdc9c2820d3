package im.relay.gateway;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The single HTTP entry: JWT check, routing, load balancing, rate limits, circuit breaking. */
@SpringBootApplication
@RelayService("gateway-service")
public class GatewayServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(GatewayServiceApplication.class, args);
    }
}
