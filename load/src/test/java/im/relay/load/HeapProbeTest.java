package im.relay.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapProbeTest {

    @Test
    void readsLiveAndCommittedHeapFromGcHeapInfo() {
        String g1 = """
                19033:
                 garbage-first heap   total reserved 6172672K, committed 3203072K, used 2423842K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 366 young (1499136K), 34 survivors (139264K)
                 Metaspace       used 180000K, committed 182000K, reserved 1245184K
                """;

        assertThat(HeapProbe.parse(g1)).contains(new HeapProbe.Heap(2423842, 3203072));
    }

    @Test
    void readsNothingFromAnAnswerWithoutAHeap() {
        assertThat(HeapProbe.parse("19033:\nCould not find any matching process"))
                .isEmpty();
        assertThat(HeapProbe.parse(null)).isEmpty();
    }

    @Test
    void measuresThisJvm() {
        assertThat(HeapProbe.afterFullCollection(
                        Long.toString(ProcessHandle.current().pid())))
                .hasValueSatisfying(heap -> {
                    assertThat(heap.liveKib()).isPositive();
                    assertThat(heap.committedKib()).isGreaterThanOrEqualTo(heap.liveKib());
                });
    }
}
