package im.relay.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class RelayJsonTest {

    record Body(String name, Integer limit, Boolean flag) {}

    private final JsonMapper json = RelayJson.configure(JsonMapper.builder()).build();

    @Test
    void refusesScalarsOfTheWrongType() {
        assertThatThrownBy(() -> json.readValue("{\"name\": 12345678}", Body.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> json.readValue("{\"name\": true}", Body.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> json.readValue("{\"limit\": \"5\"}", Body.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> json.readValue("{\"flag\": \"true\"}", Body.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void readsWellTypedInput() {
        assertThat(json.readValue("{\"name\": \"a\", \"limit\": 5, \"flag\": true}", Body.class))
                .isEqualTo(new Body("a", 5, true));
    }
}
