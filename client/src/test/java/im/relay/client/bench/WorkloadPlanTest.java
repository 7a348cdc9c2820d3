package im.relay.client.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadPlanTest {

    @Test
    void firstPairsEveryUserOnce() {
        WorkloadPlan plan = WorkloadPlan.of(20, 10, 0, 0);

        assertThat(plan.pairs()).hasSize(10);
        assertThat(plan.pairs().stream().flatMap(List::stream))
                .doesNotHaveDuplicates()
                .hasSize(20);
    }

    @Test
    void canUseEveryPairOnce() {
        for (int users : new int[] {2, 3, 6, 7}) {
            int all = users * (users - 1) / 2;
            WorkloadPlan plan = WorkloadPlan.of(users, all, 0, 0);

            Set<List<Integer>> distinct = new HashSet<>(plan.pairs());
            assertThat(distinct).hasSize(all);
            assertThat(plan.pairs())
                    .allSatisfy(pair -> assertThat(pair.get(0)).isLessThan(pair.get(1)))
                    .allSatisfy(pair -> assertThat(pair.get(1)).isLessThan(users));
        }
    }

    @Test
    void groupsTakeConsecutiveUsersWrappingAround() {
        WorkloadPlan plan = WorkloadPlan.of(5, 0, 2, 3);

        assertThat(plan.groups()).containsExactly(List.of(0, 1, 2), List.of(3, 4, 0));
        assertThat(plan.conversations()).hasSize(2);
    }

    @Test
    void sharesTheOpenLoopByMemberships() {
        WorkloadPlan plan = WorkloadPlan.of(4, 2, 1, 4); // each user: one pair and the group

        assertThat(plan.busiestUserShare()).isEqualTo(2.0 / 8);
    }

    @Test
    void refusesImpossibleShapes() {
        assertThatThrownBy(() -> WorkloadPlan.of(1, 0, 1, 2)).hasMessageContaining("--users");
        assertThatThrownBy(() -> WorkloadPlan.of(4, 7, 0, 0)).hasMessageContaining("--private");
        assertThatThrownBy(() -> WorkloadPlan.of(4, 1, 1, 5)).hasMessageContaining("--group-size");
        assertThatThrownBy(() -> WorkloadPlan.of(4, 0, 0, 0)).hasMessageContaining("nothing to send");
    }
}
