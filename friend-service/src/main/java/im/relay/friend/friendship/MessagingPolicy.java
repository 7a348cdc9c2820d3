package im.relay.friend.friendship;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.relay.friend.FriendProperties;
import im.relay.friend.events.FriendPairChanged;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * "May A message B?": friends, and no block in either direction. Asked for every private message, so answers are
 * cached per pair and dropped whenever the pair's friendship or blocks change, on this instance once the change
 * commits and on the others through the friend events on Kafka.
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

    private final FriendshipService friendships;
    private final Cache<Pair, Verdict> answers;

    MessagingPolicy(FriendshipService friendships, FriendProperties properties) {
        this.friendships = friendships;
        this.answers = Caffeine.newBuilder()
                .maximumSize(properties.policyCache().size())
                .expireAfterWrite(properties.policyCache().ttl())
                .build();
    }

    public Verdict check(UUID sender, UUID receiver) {
        return answers.get(Pair.of(sender, receiver), pair -> friendships.standing(pair.low(), pair.high()));
    }

    public void forget(UUID a, UUID b) {
        answers.invalidate(Pair.of(a, b));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onChange(FriendPairChanged change) {
        forget(change.a(), change.b());
    }
}
