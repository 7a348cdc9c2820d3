package im.relay.friend.api;

import im.relay.common.identity.CallerContext;
import im.relay.friend.block.BlockService;
import im.relay.friend.friendship.Friend;
import im.relay.friend.friendship.FriendListService;
import im.relay.friend.friendship.FriendshipService;
import im.relay.friend.request.FriendRequest;
import im.relay.friend.request.FriendRequestService;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API.md, Friends: {@code /api/friends}. */
@RestController
@RequestMapping("/api/friends")
class FriendController {

    record NewRequest(String userId, String message) {}

    record RemarkChange(String remark) {}

    record RequestView(
            String id, String fromUserId, String toUserId, String message, String status, Instant createdAt) {

        static RequestView of(FriendRequest request) {
            return new RequestView(
                    request.id().toString(),
                    request.fromUserId().toString(),
                    request.toUserId().toString(),
                    request.message(),
                    request.status().name(),
                    request.createdAt());
        }
    }

    record FriendView(
            String userId,
            String username,
            String nickname,
            String avatarUrl,
            String remark,
            boolean online,
            Instant since) {

        static FriendView of(Friend friend) {
            return new FriendView(
                    friend.userId().toString(),
                    friend.username(),
                    friend.nickname(),
                    friend.avatarUrl(),
                    friend.remark(),
                    friend.online(),
                    friend.since());
        }
    }

    record BlockView(String userId, String username, String nickname, String avatarUrl, Instant createdAt) {

        static BlockView of(BlockService.BlockedUser blocked) {
            return new BlockView(
                    blocked.userId().toString(),
                    blocked.username(),
                    blocked.nickname(),
                    blocked.avatarUrl(),
                    blocked.createdAt());
        }
    }

    record Items<T>(List<T> items) {}

    private final FriendRequestService requests;
    private final FriendListService list;
    private final FriendshipService friendships;
    private final BlockService blocks;

    FriendController(
            FriendRequestService requests, FriendListService list, FriendshipService friendships, BlockService blocks) {
        this.requests = requests;
        this.list = list;
        this.friendships = friendships;
        this.blocks = blocks;
    }

    /** 201 with a pending request, or 200 when the other side had already asked and we are now friends. */
    @PostMapping("/requests")
    ResponseEntity<RequestView> send(@RequestBody NewRequest body) {
        FriendRequest request = requests.send(me(), body.userId(), body.message());
        HttpStatus status = request.status() == FriendRequest.Status.ACCEPTED ? HttpStatus.OK : HttpStatus.CREATED;
        return ResponseEntity.status(status).body(RequestView.of(request));
    }

    @GetMapping("/requests")
    Items<RequestView> requests(@RequestParam(required = false) String direction) {
        return new Items<>(
                requests.pending(me(), direction).stream().map(RequestView::of).toList());
    }

    @PostMapping("/requests/{requestId}/accept")
    RequestView accept(@PathVariable String requestId) {
        return RequestView.of(requests.accept(me(), requestId));
    }

    @PostMapping("/requests/{requestId}/reject")
    RequestView reject(@PathVariable String requestId) {
        return RequestView.of(requests.reject(me(), requestId));
    }

    @GetMapping
    Items<FriendView> list() {
        return new Items<>(list.friends(me()).stream().map(FriendView::of).toList());
    }

    @PatchMapping("/{userId}")
    FriendView remark(@PathVariable String userId, @RequestBody RemarkChange body) {
        return FriendView.of(list.setRemark(me(), userId, body.remark()));
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String userId) {
        friendships.delete(me(), userId);
    }

    @GetMapping("/blocks")
    Items<BlockView> blocked() {
        return new Items<>(blocks.blocked(me()).stream().map(BlockView::of).toList());
    }

    @PutMapping("/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void block(@PathVariable String userId) {
        blocks.block(me(), userId);
    }

    @DeleteMapping("/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unblock(@PathVariable String userId) {
        blocks.unblock(me(), userId);
    }

    private static String me() {
        return CallerContext.require().userId();
    }
}
