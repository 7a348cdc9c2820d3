package im.relay.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TimestampsTest {

    private final JsonMapper json =
            JsonMapper.builder().addModule(Timestamps.jacksonModule()).build();

    @Test
    void alwaysWritesThreeFractionDigitsInUtc() {
        assertThat(json.writeValueAsString(Instant.parse("2026-11-26T10:00:00Z")))
                .isEqualTo("\"2026-11-26T10:00:00.000Z\"");
        assertThat(json.writeValueAsString(Instant.parse("2026-11-26T10:00:00.12Z")))
                .isEqualTo("\"2026-11-26T10:00:00.120Z\"");
        assertThat(json.writeValueAsString(Instant.parse("2026-11-26T10:00:00.123456Z")))
                .isEqualTo("\"2026-11-26T10:00:00.123Z\"");
    }
}
