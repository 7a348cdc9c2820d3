package im.relay.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSpellingTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/api/auth/login",
                "/api/users/",
                "/api/chat/conversations/p%3Aa%3Ab/read",
                "/api/users/search",
                "/api/groups/%E4%BD%A0%20x",
                "/js/app.js"
            })
    void acceptsCanonicalPathsIncludingEncodedReservedCharacters(String path) {
        assertThat(PathSpelling.problem(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/auth/login;x",
                "/api/auth;jsessionid=1/login",
                "/api/auth/%6cogin",
                "/api/auth/%4Cogin",
                "/api/auth/login%2e",
                "/api/auth/%256cogin",
                "/api/auth%2flogin",
                "/api/auth%5clogin",
                "/api/auth/login%3b",
                "/api/auth/login%00",
                "/api/auth/login%",
                "/api/auth/login%6",
                "/api/auth/login%zz",
                "/api/auth\\login",
                "/api/auth/./login",
                "/api/users/../auth/login",
                "/api/auth//login",
                "//api/auth/login"
            })
    void refusesEverySpellingTheServicesWouldNormaliseIntoAnotherPath(String path) {
        assertThat(PathSpelling.problem(path)).isNotBlank();
    }
}
