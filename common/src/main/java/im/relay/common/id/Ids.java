package im.relay.common.id;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/** Time-ordered ids (UUIDv7, RFC 9562): sortable by creation time, so they index well and page by id. */
public final class Ids {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {}

    public static UUID newUuid() {
        return GENERATOR.generate();
    }

    public static String newId() {
        return newUuid().toString();
    }
}
