package im.relay.common.json;

import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * How Relay reads and writes JSON: API timestamps, and strict types on input, so that {@code "password": 12345678}
 * or {@code "limit": "5"} is a 400 rather than silently converted.
 */
public final class RelayJson {

    private RelayJson() {}

    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.addModule(Timestamps.jacksonModule())
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(
                        LogicalType.Textual,
                        text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
