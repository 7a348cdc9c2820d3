package im.relay.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void readsUserPlusSystemTicksEvenWhenTheCommandNameHasSpacesAndParentheses() {
        String stat = "4242 (java (relay) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0 99 0 0";

        assertThat(ProcStats.cpuTicks(stat)).hasValue(1234 + 567);
        assertThat(ProcStats.cpuTicks("garbage")).isEmpty();
        assertThat(ProcStats.cpuTicks(null)).isEmpty();
    }

    @Test
    void readsThisProcessOnLinux() {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/stat"))) {
            return; // /proc is Linux's
        }
        assertThat(ProcStats.cpuSeconds("self")).isPositive();
        assertThat(ProcStats.rssKib("self")).isPositive();
        assertThat(ProcStats.cpuSeconds("999999999")).isNaN();
    }
}
