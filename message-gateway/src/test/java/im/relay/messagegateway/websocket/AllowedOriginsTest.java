package im.relay.messagegateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

    private final AllowedOrigins origins = new AllowedOrigins(List.of("https://chat.example.com"));

    @Test
    void anOriginNamingTheServerItselfIsSameServer() {
        // what the API gateway's WebSocket client (Netty) sends when its own client sent no Origin
        assertThat(AllowedOrigins.isSameServer("http://message-gateway:8090", "message-gateway:8090"))
                .isTrue();
        assertThat(AllowedOrigins.isSameServer("https://Chat.Example.com", "chat.example.com"))
                .isTrue();
        assertThat(origins.allows("http://message-gateway:8090")).isFalse();
    }

    @Test
    void anyOtherOriginIsNot() {
        assertThat(AllowedOrigins.isSameServer("http://message-gateway:8091", "message-gateway:8090"))
                .isFalse();
        assertThat(AllowedOrigins.isSameServer("http://message-gateway:8090.evil.example", "message-gateway:8090"))
                .isFalse();
        assertThat(AllowedOrigins.isSameServer("http://evil.example", "message-gateway:8090"))
                .isFalse();
        assertThat(AllowedOrigins.isSameServer("null", "message-gateway:8090")).isFalse();
        assertThat(AllowedOrigins.isSameServer("http://message-gateway:8090", null))
                .isFalse();
        assertThat(origins.allows("https://chat.example.com")).isTrue();
    }
}
