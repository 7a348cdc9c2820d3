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

        String smaps = """
                55d0c0000000-55d0c0001000 r--p 00000000 08:01 123   /usr/lib/jvm/bin/java
                Size:                  4 kB
                Rss:                   4 kB
                687400000-722400000 rw-p 00000000 00:00 0
                Size:            2539520 kB
                Rss:             2347028 kB
                722400000-800000000 ---p 00000000 00:00 0
                Size:            3633152 kB
                Rss:                   0 kB
                7fbed4000000-7fbed7d16000 rw-p 00000000 00:00 0
                Size:              62552 kB
                Rss:               54164 kB
                """;

        assertThat(HeapProbe.parse(g1, smaps)).contains(new HeapProbe.Heap(2423842, 4 + 54164));
        assertThat(HeapProbe.parse(g1, null)).contains(new HeapProbe.Heap(2423842, -1));
    }

    @Test
    void readsNothingFromAnAnswerWithoutAHeap() {
        assertThat(HeapProbe.parse("19033:\nCould not find any matching process", ""))
                .isEmpty();
        assertThat(HeapProbe.parse(null, null)).isEmpty();
    }

    @Test
    void measuresThisJvm() {
        assertThat(HeapProbe.afterFullCollection(
                        Long.toString(ProcessHandle.current().pid())))
                .hasValueSatisfying(heap -> {
                    assertThat(heap.liveKib()).isPositive();
                    assertThat(heap.outsideHeapResidentKib())
                            .as("code, metaspace, stacks")
                            .isPositive();
                });
    }
}
