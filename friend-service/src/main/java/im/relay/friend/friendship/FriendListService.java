package im.relay.friend.friendship;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.validation.UserText;
import im.relay.friend.ClientIds;
import im.relay.userclient.UserClient;
import im.relay.userclient.UserProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** My friend list as I see it: profiles, my remarks, who is online, and whom my presence reaches. */
@Service
public class FriendListService {

    static final int REMARK_MAX = 64;

    private final FriendshipRepository friendships;
    private final UserClient users;
    private final PresenceClient presence;

    FriendListService(FriendshipRepository friendships, UserClient users, PresenceClient presence) {
        this.friendships = friendships;
        this.users = users;
        this.presence = presence;
    }

    public List<Friend> friends(String me) {
        List<FriendshipRepository.Link> links = friendships.friendsOf(ClientIds.parse(me));
        List<UUID> ids = links.stream().map(FriendshipRepository.Link::friendId).toList();
        Map<UUID, UserProfile> profiles = users.profiles(ids);
        Set<UUID> online = presence.online(presenceAudience(me));
        return links.stream()
                .map(link -> {
                    UserProfile profile = profiles.getOrDefault(link.friendId(), UserProfile.unknown(link.friendId()));
                    return new Friend(
                            link.friendId(),
                            profile.username(),
                            profile.nickname(),
                            profile.avatarUrl(),
                            link.remark(),
                            online.contains(link.friendId()),
                            link.since());
                })
                .toList();
    }

    /** My friends who may see my presence (no block either way). */
    public List<UUID> presenceAudience(String me) {
        return friendships.presenceAudience(ClientIds.parse(me));
    }

    public Friend setRemark(String me, String friendId, String remark) {
        String text = remark == null ? "" : UserText.plain("remark", remark).strip();
        if (text.codePointCount(0, text.length()) > REMARK_MAX) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "remark must be at most 64 characters");
        }
        UUID friend = ClientIds.tryParse(friendId).orElseThrow(() -> FriendshipService.notAFriend(friendId));
        if (!friendships.setRemark(ClientIds.parse(me), friend, text)) {
            throw FriendshipService.notAFriend(friendId);
        }
        return friends(me).stream()
                .filter(f -> f.userId().equals(friend))
                .findFirst()
                .orElseThrow(() -> FriendshipService.notAFriend(friendId));
    }
}
