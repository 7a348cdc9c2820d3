package im.relay.messagegateway.relations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.relay.common.identity.Caller;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Who relates to whom, as friend-service and group-service say, cached: presence audiences (needed again when a
 * user goes offline, when their token may no longer be accepted), messaging verdicts and group member lists (both
 * asked on every typing frame). Every node reads the friend and group events to drop what changed.
 */
@Service
@EnableConfigurationProperties(RelationProperties.class)
public class RelationService {

    private final FriendClient friends;
    private final GroupClient groups;
    private final Cache<String, Set<String>> audiences;
    private final Cache<String, Verdict> verdicts;
    private final Cache<String, GroupMembers> members;

    RelationService(FriendClient friends, GroupClient groups, RelationProperties properties) {
        this.friends = friends;
        this.groups = groups;
        this.audiences = cache(properties);
        this.verdicts = cache(properties);
        this.members = cache(properties);
    }

    /** The caller's presence audience, asked afresh (a connect), and remembered for the disconnect. */
    public Set<String> presenceAudience(Caller caller) {
        Set<String> audience = friends.presenceAudience(caller);
        audiences.put(caller.userId(), audience);
        return audience;
    }

    /** The audience remembered for a user, if it is still known to be current. */
    public Optional<Set<String>> rememberedAudience(String userId) {
        return Optional.ofNullable(audiences.getIfPresent(userId));
    }

    public Verdict messaging(Caller caller, String peerId) {
        return verdicts.get(pair(caller.userId(), peerId), key -> friends.messaging(caller, peerId));
    }

    /**
     * A group's members, asked as the caller. A cached list without the caller is asked again (the caller may have
     * just joined); group-service answers NOT_GROUP_MEMBER for a non-member.
     */
    public GroupMembers groupMembers(Caller caller, String groupId) {
        GroupMembers cached = members.getIfPresent(groupId);
        if (cached != null && cached.userIds().contains(caller.userId())) {
            return cached;
        }
        GroupMembers fresh = groups.memberIds(caller, groupId);
        members.asMap().merge(groupId, fresh, (old, now) -> now.version() >= old.version() ? now : old);
        return fresh;
    }

    /** A friendship, request answer or block between two users changed. */
    public void forgetPair(String userId, String otherUserId) {
        audiences.invalidateAll(Set.of(userId, otherUserId));
        verdicts.invalidateAll(Set.of(pair(userId, otherUserId), pair(otherUserId, userId)));
    }

    /** A group changed: drop a list older than {@code version} (any list when the version is unknown, 0). */
    public void forgetGroup(String groupId, long version) {
        members.asMap()
                .computeIfPresent(groupId, (id, cached) -> version <= 0 || cached.version() < version ? null : cached);
    }

    public void forgetAudiences(Collection<String> userIds) {
        audiences.invalidateAll(userIds);
    }

    private static String pair(String sender, String receiver) {
        return sender + "|" + receiver;
    }

    private static <V> Cache<String, V> cache(RelationProperties properties) {
        return Caffeine.newBuilder()
                .maximumSize(properties.size())
                .expireAfterWrite(properties.ttl())
                .build();
    }
}
