package im.relay.group.group;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.validation.Urls;
import im.relay.common.validation.UserText;
import im.relay.group.membership.Member;
import java.util.Optional;
import java.util.UUID;

/** What API.md allows for group fields and ids, and who may act on a group. */
public final class GroupRules {

    static final int NAME_MAX = 64;
    static final int DESCRIPTION_MAX = 512;

    private GroupRules() {}

    public static String name(String name) {
        String trimmed = name == null ? "" : UserText.displayName("name", name).strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > NAME_MAX) {
            throw invalid("name must be 1 to " + NAME_MAX + " characters");
        }
        return trimmed;
    }

    public static String description(String description) {
        String trimmed = description == null
                ? ""
                : UserText.plain("description", description).strip();
        if (trimmed.codePointCount(0, trimmed.length()) > DESCRIPTION_MAX) {
            throw invalid("description must be at most " + DESCRIPTION_MAX + " characters");
        }
        return trimmed;
    }

    public static String avatarUrl(String url) {
        return Urls.httpUrlOrEmpty("avatarUrl", url);
    }

    /** An id from the client: malformed means it names nothing. */
    public static Optional<UUID> id(String id) {
        try {
            return Optional.ofNullable(id).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static UUID userId(String id) {
        return id(id).orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no user " + id));
    }

    public static RelayException invalid(String detail) {
        return new RelayException(ErrorCode.VALIDATION_FAILED, detail);
    }

    public static RelayException noGroup(Object groupId) {
        return new RelayException(ErrorCode.NOT_FOUND, "no group " + groupId);
    }

    /** The group, locked for the caller's transaction; NOT_FOUND when there is none (or it was dismissed). */
    public static Group lock(GroupRepository groups, String groupId) {
        UUID id = id(groupId).orElseThrow(() -> noGroup(groupId));
        return groups.lock(id).orElseThrow(() -> noGroup(groupId));
    }

    /** The user's membership; with {@code manage}, owner or admin only. */
    public static Member requireMember(GroupRepository groups, UUID groupId, UUID userId, boolean manage) {
        Member member = groups.member(groupId, userId).orElseThrow(GroupRules::notAMember);
        if (manage && !member.role().manages()) {
            throw new RelayException(ErrorCode.FORBIDDEN, "only the owner and admins may do this");
        }
        return member;
    }

    public static RelayException notAMember() {
        return new RelayException(ErrorCode.NOT_GROUP_MEMBER, "you are not a member of this group");
    }
}
