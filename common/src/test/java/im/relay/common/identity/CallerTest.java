package im.relay.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void neverPrintsTheToken() {
        assertThat(new Caller("u1", "s1", "secret.jwt.value").toString()).doesNotContain("secret");
    }

    @Test
    void requireFailsWithUnauthorizedOutsideACall() {
        assertThatThrownBy(CallerContext::require)
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void runAsMakesTheCallerCurrentOnlyInside() {
        Caller caller = new Caller("u1", "s1", "t");
        CallerContext.runAs(caller, () -> assertThat(CallerContext.require()).isEqualTo(caller));
        assertThat(CallerContext.current()).isEmpty();
    }
}
