package im.relay.common.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * API timestamps: ISO-8601 UTC with exactly three fraction digits ({@code 2026-11-26T10:00:00.120Z}), also when
 * the milliseconds are zero, which {@link Instant#toString()} would drop.
 */
public final class Timestamps {

    public static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** Registered with Spring's JSON mapper by the platform's auto-configuration. */
    public static SimpleModule jacksonModule() {
        return new SimpleModule("relay-timestamps").addSerializer(Instant.class, new ValueSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
                generator.writeString(format(value));
            }
        });
    }
}
