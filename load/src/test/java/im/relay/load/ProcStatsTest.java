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
    void theMachineIsBusyInUserNiceSystemIrqAndSoftirqAndStolenInSteal() {
        String stat = "cpu  2000 100 300 9000 50 7 3 40 0 0\ncpu0 1000 50 150 4500 25 4 2 20 0 0\nintr 1 2 3\n";

        ProcStats.Machine machine = ProcStats.machine(stat);

        double ticks = ProcStats.TICKS_PER_SECOND;
        assertThat(machine.busySeconds()).isEqualTo((2000 + 100 + 300 + 7 + 3) / ticks);
        assertThat(machine.stealSeconds()).isEqualTo(40 / ticks);
        assertThat(ProcStats.machine("cpu 1 2").busySeconds()).isNaN();
        assertThat(ProcStats.machine(null).stealSeconds()).isNaN();
    }

    @Test
    void readsThisProcessOnLinux() {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/stat"))) {
            return; // /proc is Linux's
        }
        assertThat(ProcStats.cpuSeconds("self")).isPositive();
        assertThat(ProcStats.rssKib("self")).isPositive();
        assertThat(ProcStats.cpuSeconds("999999999")).isNaN();
        assertThat(ProcStats.jitCpuSeconds("self"))
                .as("this JVM's compiler threads")
                .isPositive();
        assertThat(ProcStats.jitCpuSeconds("999999999")).isNaN();
        assertThat(ProcStats.machine().busySeconds()).isPositive();
    }
}
