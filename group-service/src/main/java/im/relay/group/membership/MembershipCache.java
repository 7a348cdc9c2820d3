package im.relay.group.membership;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Each group's members and mute-all flag in memory, for the checks asked on every group message. A group's entry is
 * dropped whenever its membership or settings change: on this instance at once, on the others through the group
 * events on Kafka.
 */
@Component
class MembershipCache {

    /** What a send check needs to know of a group; absent when it does not exist or was dismissed. */
    record Snapshot(Group group, Map<UUID, Member> members) {}

    private final GroupRepository groups;
    private final Cache<UUID, Optional<Snapshot>> snapshots;

    MembershipCache(
            GroupRepository groups,
            @Value("${relay.groups.cache.size:10000}") long size,
            @Value("${relay.groups.cache.ttl:10m}") Duration ttl) {
        this.groups = groups;
        this.snapshots =
                Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    Optional<Snapshot> get(UUID groupId) {
        return snapshots.get(groupId, this::load);
    }

    private Optional<Snapshot> load(UUID groupId) {
        return groups.find(groupId)
                .map(group -> new Snapshot(
                        group,
                        groups.members(groupId).stream()
                                .collect(Collectors.toMap(Member::userId, Function.identity()))));
    }

    void forget(UUID groupId) {
        snapshots.invalidate(groupId);
    }
}
