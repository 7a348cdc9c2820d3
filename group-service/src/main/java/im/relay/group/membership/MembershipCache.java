package im.relay.group.membership;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.relay.common.config.LiveProperties;
import im.relay.group.GroupProperties;
import im.relay.group.events.GroupChanged;
import im.relay.group.group.Group;
import im.relay.group.group.GroupRepository;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Each group's members and mute-all flag in memory, for the checks asked on every group message. A group's entry is
 * dropped whenever its membership or settings change: on this instance once the change commits, on the others through the group
 * events on Kafka.
 */
@Component
public class MembershipCache {

    /** What a send check needs to know of a group; absent when it does not exist or was dismissed. */
    public record Snapshot(Group group, Map<UUID, Member> members) {}

    private final GroupRepository groups;
    private final Cache<UUID, Optional<Snapshot>> snapshots;

    MembershipCache(GroupRepository groups, LiveProperties<GroupProperties> properties) {
        GroupProperties.Cache cache = properties.get().cache();
        this.groups = groups;
        this.snapshots = Caffeine.newBuilder()
                .maximumSize(cache.size())
                .expireAfterWrite(cache.ttl())
                .build();
    }

    public Optional<Snapshot> get(UUID groupId) {
        return snapshots.get(groupId, this::load);
    }

    private Optional<Snapshot> load(UUID groupId) {
        return groups.find(groupId)
                .map(group -> new Snapshot(
                        group,
                        groups.members(groupId).stream()
                                .collect(Collectors.toMap(Member::userId, Function.identity()))));
    }

    public void forget(UUID groupId) {
        snapshots.invalidate(groupId);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onChange(GroupChanged change) {
        forget(change.groupId());
    }
}
