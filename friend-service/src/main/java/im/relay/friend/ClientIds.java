package im.relay.friend;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import java.util.Optional;
import java.util.UUID;

/** Ids arrive as opaque strings; these turn them into UUIDs the way each use case needs. */
public final class ClientIds {

    private ClientIds() {}

    /** The caller's id, which a verified token always carries. */
    public static UUID parse(String trusted) {
        return UUID.fromString(trusted);
    }

    /** An id from the client that names something to act on: malformed means it does not exist. */
    public static Optional<UUID> tryParse(String id) {
        try {
            return Optional.ofNullable(id).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A required id from the client: absent is a bad request, malformed names nobody. */
    public static UUID required(String id, String field) {
        if (id == null || id.isBlank()) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, field + " is required");
        }
        return tryParse(id).orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no user " + id));
    }
}
