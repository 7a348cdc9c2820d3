package im.relay.client.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who talks to whom, by user index: the private pairs and the groups' members (the first member owns the group).
 * Pure, so that the shape of a run can be checked without a server.
 *
 * @param users how many users take part
 * @param pairs the private conversations, each two distinct indexes, no pair twice
 * @param groups each group's members, owner first
 */
record WorkloadPlan(int users, List<List<Integer>> pairs, List<List<Integer>> groups) {

    /**
     * Pairs come from a round-robin schedule: its first round pairs every user once, so up to {@code users / 2} private
     * conversations spread the load evenly; later rounds add pairs never used before. Groups take consecutive users,
     * wrapping around.
     */
    static WorkloadPlan of(int users, int privateCount, int groupCount, int groupSize) {
        if (users < 2) {
            throw new IllegalArgumentException("--users must be at least 2");
        }
        long possiblePairs = (long) users * (users - 1) / 2;
        if (privateCount < 0 || privateCount > possiblePairs) {
            throw new IllegalArgumentException(
                    "--private must be between 0 and " + possiblePairs + " (every pair of " + users + " users)");
        }
        if (groupCount < 0) {
            throw new IllegalArgumentException("--groups must not be negative");
        }
        if (groupCount > 0 && (groupSize < 2 || groupSize > users)) {
            throw new IllegalArgumentException("--group-size must be between 2 and --users (" + users + ")");
        }
        if (privateCount == 0 && groupCount == 0) {
            throw new IllegalArgumentException("nothing to send: --private and --groups are both 0");
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            List<Integer> members = new ArrayList<>();
            for (int j = 0; j < groupSize; j++) {
                members.add((g * groupSize + j) % users);
            }
            groups.add(List.copyOf(members));
        }
        return new WorkloadPlan(users, roundRobinPairs(users, privateCount), List.copyOf(groups));
    }

    /** The circle method: user {@code n-1} stays, the others rotate; each round pairs everyone once. */
    private static List<List<Integer>> roundRobinPairs(int users, int count) {
        int n = users % 2 == 0 ? users : users + 1; // an odd count gets a stand-in, whose partner sits the round out
        Set<List<Integer>> pairs = new LinkedHashSet<>();
        for (int round = 0; round < n - 1 && pairs.size() < count; round++) {
            for (int i = 0; i < n / 2 && pairs.size() < count; i++) {
                int a = i == 0 ? n - 1 : (round + i) % (n - 1);
                int b = (round - i + n - 1) % (n - 1);
                if (a < users && b < users) {
                    pairs.add(List.of(Math.min(a, b), Math.max(a, b)));
                }
            }
        }
        return List.copyOf(pairs);
    }

    /** Members of every conversation: private pairs first, then groups. */
    List<List<Integer>> conversations() {
        List<List<Integer>> all = new ArrayList<>(pairs);
        all.addAll(groups);
        return all;
    }

    /** The largest share of all senders (member × conversation) that belongs to one user: its part of an open loop. */
    double busiestUserShare() {
        int[] perUser = new int[users];
        int senders = 0;
        for (List<Integer> members : conversations()) {
            for (int member : members) {
                perUser[member]++;
                senders++;
            }
        }
        return senders == 0 ? 0 : (double) Arrays.stream(perUser).max().orElse(0) / senders;
    }
}
