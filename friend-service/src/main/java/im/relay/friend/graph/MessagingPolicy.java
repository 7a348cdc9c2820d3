package im.relay.friend.graph;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * "May A message B?": friends, and no block in either direction. Asked for every private message, so answers are
 * cached per pair and dropped whenever the pair's friendship or blocks change, on this instance at once and on the
 * others through the friend events on Kafka.
 */
@Component
public class MessagingPolicy {

    public enum Verdict {
        ALLOWED,
        NOT_FRIENDS,
        BLOCKED
    }

    private record Pair(UUID low, UUID high) {
        static Pair of(UUID a, UUID b) {
            return a.compareTo(b) <= 0 ? new Pair(a, b) : new Pair(b, a);
        }
    }

    private final FriendshipRepository graph;
    private final Cache<Pair, Verdict> answers;

    MessagingPolicy(
            FriendshipRepository graph,
            @Value("${relay.friends.policy-cache.size:100000}") long size,
            @Value("${relay.friends.policy-cache.ttl:10m}") Duration ttl) {
        this.graph = graph;
        this.answers =
                Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    public Verdict check(UUID sender, UUID receiver) {
        return answers.get(Pair.of(sender, receiver), pair -> decide(pair.low(), pair.high()));
    }

    private Verdict decide(UUID a, UUID b) {
        if (graph.blockedEitherWay(a, b)) {
            return Verdict.BLOCKED;
        }
        return graph.areFriends(a, b) ? Verdict.ALLOWED : Verdict.NOT_FRIENDS;
    }

    void forget(UUID a, UUID b) {
        answers.invalidate(Pair.of(a, b));
    }
}
