package im.relay.messagestore.send;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.messagestore.model.ConversationType;
import im.relay.messagestore.model.Destination;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The mentions of a send: group messages only, each a current member (once, in the order given), and @all only from
 * the group's owner or admins. One array on the message row, however many members @all reaches.
 */
final class Mentions {

    static final int MAX_MENTIONS = 50;

    private Mentions() {}

    /**
     * The members mentioned; throws VALIDATION_FAILED for a private message, a malformed id, too many or a
     * non-member, and FORBIDDEN for @all by someone who may not ({@code moderator} is asked only then).
     */
    static List<UUID> check(References references, Destination destination, BooleanSupplier moderator) {
        if (references.mentions().isEmpty() && !references.mentionsAll()) {
            return List.of();
        }
        if (destination.type() != ConversationType.GROUP) {
            throw SendService.invalid("mentions are for group messages only");
        }
        if (references.mentions().size() > MAX_MENTIONS) {
            throw SendService.invalid("at most " + MAX_MENTIONS + " mentions");
        }
        Set<UUID> members = Set.copyOf(destination.recipients());
        Set<UUID> mentioned = new LinkedHashSet<>();
        for (String id : references.mentions()) {
            UUID user = parse(id);
            if (!members.contains(user)) {
                throw SendService.invalid("mentions: " + id + " is not a member of this group");
            }
            mentioned.add(user);
        }
        if (references.mentionsAll() && !moderator.getAsBoolean()) {
            throw new RelayException(ErrorCode.FORBIDDEN, "only the group's owner and admins may mention @all");
        }
        return new ArrayList<>(mentioned);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw SendService.invalid("mentions must be user ids (or @all), not " + id);
        }
    }
}
