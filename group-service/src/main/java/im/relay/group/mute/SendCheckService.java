package im.relay.group.mute;

import im.relay.group.group.GroupRules;
import im.relay.group.membership.Member;
import im.relay.group.membership.MembershipCache;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Who may speak in a group now, asked by group-message-server for every group message: members who are not muted,
 * and under mute-all only the owner and admins. Answered from the cached membership.
 */
@Service
public class SendCheckService {

    public enum SendVerdict {
        ALLOWED,
        NOT_GROUP_MEMBER,
        MUTED,
        GROUP_NOT_FOUND
    }

    private final MembershipCache cache;
    private final Clock clock;

    SendCheckService(MembershipCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /** May {@code me} send to the group now? Owner and admins are exempt from mute-all. */
    public SendVerdict checkSend(String me, String groupId) {
        var snapshot = GroupRules.id(groupId).flatMap(cache::get);
        if (snapshot.isEmpty()) {
            return SendVerdict.GROUP_NOT_FOUND;
        }
        Member member = snapshot.get().members().get(UUID.fromString(me));
        if (member == null) {
            return SendVerdict.NOT_GROUP_MEMBER;
        }
        if (member.mutedAt(clock.instant())) {
            return SendVerdict.MUTED;
        }
        if (snapshot.get().group().mutedAll() && !member.role().manages()) {
            return SendVerdict.MUTED;
        }
        return SendVerdict.ALLOWED;
    }
}
