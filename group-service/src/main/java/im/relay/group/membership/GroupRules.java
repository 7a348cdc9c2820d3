package im.relay.group.membership;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.validation.Urls;
import im.relay.common.validation.UserText;
import java.util.Optional;
import java.util.UUID;

/** What API.md allows for group fields and ids. */
final class GroupRules {

    static final int NAME_MAX = 64;
    static final int DESCRIPTION_MAX = 512;

    private GroupRules() {}

    static String name(String name) {
        String trimmed = name == null ? "" : UserText.displayName("name", name).strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > NAME_MAX) {
            throw invalid("name must be 1 to " + NAME_MAX + " characters");
        }
        return trimmed;
    }

    static String description(String description) {
        String trimmed = description == null
                ? ""
                : UserText.plain("description", description).strip();
        if (trimmed.codePointCount(0, trimmed.length()) > DESCRIPTION_MAX) {
            throw invalid("description must be at most " + DESCRIPTION_MAX + " characters");
        }
        return trimmed;
    }

    static String avatarUrl(String url) {
        return Urls.httpUrlOrEmpty("avatarUrl", url);
    }

    /** An id from the client: malformed means it names nothing. */
    static Optional<UUID> id(String id) {
        try {
            return Optional.ofNullable(id).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static UUID userId(String id) {
        return id(id).orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no user " + id));
    }

    static RelayException invalid(String detail) {
        return new RelayException(ErrorCode.VALIDATION_FAILED, detail);
    }

    static RelayException noGroup(Object groupId) {
        return new RelayException(ErrorCode.NOT_FOUND, "no group " + groupId);
    }
}
