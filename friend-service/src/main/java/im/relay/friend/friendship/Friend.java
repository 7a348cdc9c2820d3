package im.relay.friend.friendship;

import java.time.Instant;
import java.util.UUID;

/** One of my friends, with my remark on them, their public profile and whether they are online. */
public record Friend(
        UUID userId,
        String username,
        String nickname,
        String avatarUrl,
        String remark,
        boolean online,
        Instant since) {}
