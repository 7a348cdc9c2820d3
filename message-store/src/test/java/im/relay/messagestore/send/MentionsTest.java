package im.relay.messagestore.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.messagestore.model.Destination;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MentionsTest {

    final UUID owner = UUID.randomUUID();
    final UUID member = UUID.randomUUID();
    final Destination group = Destination.group(UUID.randomUUID(), List.of(owner, member));

    @Test
    void keepsEachMentionedMemberOnceInTheOrderGiven() {
        References asked = new References("", List.of(member.toString(), owner.toString(), member.toString()), false);
        assertThat(Mentions.check(asked, group, () -> false)).containsExactly(member, owner);
    }

    @Test
    void refusesMentionsInAPrivateConversation() {
        References asked = new References("", List.of(member.toString()), false);
        assertThatThrownBy(() -> Mentions.check(asked, Destination.privateChat(owner, member), () -> true))
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void refusesNonMembersAndWhatIsNotAUserId() {
        for (String id : List.of(UUID.randomUUID().toString(), "@member", "")) {
            assertThatThrownBy(() -> Mentions.check(new References("", List.of(id), false), group, () -> true))
                    .as(id)
                    .isInstanceOfSatisfying(
                            RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void allowsAllOnlyToModerators() {
        References all = new References("", List.of(), true);
        assertThat(Mentions.check(all, group, () -> true)).isEmpty();
        assertThatThrownBy(() -> Mentions.check(all, group, () -> false))
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void asksNothingOfTheGroupWhenNoOneIsMentioned() {
        assertThat(Mentions.check(References.NONE, Destination.privateChat(owner, member), () -> {
                    throw new AssertionError("moderator asked");
                }))
                .isEmpty();
    }
}
