package im.relay.gateway.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageHeadersFilterTest {

    @Test
    void thePageMayTalkOnlyToItsOwnHostOverHttpAndWebSocket() {
        assertThat(PageHeadersFilter.policy("chat.example.com:8080"))
                .contains("connect-src 'self' ws://chat.example.com:8080 wss://chat.example.com:8080;")
                .contains("script-src 'self';")
                .doesNotContain("unsafe-inline");
        assertThat(PageHeadersFilter.policy("[::1]:8080")).contains("ws://[::1]:8080 wss://[::1]:8080;");
    }

    @Test
    void aHostHeaderThatIsNotAHostIsNotEchoedIntoThePolicy() {
        assertThat(PageHeadersFilter.policy("evil.example; script-src *")).contains("connect-src 'self';");
        assertThat(PageHeadersFilter.policy("a.example\r\nSet-Cookie: x")).contains("connect-src 'self';");
        assertThat(PageHeadersFilter.policy(null)).contains("connect-src 'self';");
    }

    @Test
    void onlyPathsOutsideTheApiAreThePage() {
        assertThat(PageHeadersFilter.isPage("/")).isTrue();
        assertThat(PageHeadersFilter.isPage("/js/chat.js")).isTrue();
        assertThat(PageHeadersFilter.isPage("/api/chat/ws")).isFalse();
        assertThat(PageHeadersFilter.isPage("/api")).isFalse();
        assertThat(PageHeadersFilter.isPage("/api/")).isFalse();
    }
}
