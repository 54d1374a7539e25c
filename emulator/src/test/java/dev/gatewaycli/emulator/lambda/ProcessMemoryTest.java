package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code Max Memory Used}: a real process's {@code VmHWM}, read again and again through one open file. */
class ProcessMemoryTest {

    @Test
    void maxMemoryWhenAProcessRunsThenItsVmHwmOnEveryReadAndMinusOneOnceItIsGone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try (ProcessMemory memory = ProcessMemory.of(sleeper.pid())) {
            String status = Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "status"));
            long kb = Long.parseLong(status.replaceAll("(?s).*VmHWM:\\s*(\\d+) kB.*", "$1"));
            assertThat(memory.maxMemoryMb()).isEqualTo((kb + 1023) / 1024).isPositive();
            assertThat(memory.maxMemoryMb())
                    .as("the same file, read again from its start")
                    .isEqualTo((kb + 1023) / 1024);
            sleeper.destroyForcibly();
            sleeper.onExit().get();
            assertThat(memory.maxMemoryMb()).as("the process is gone").isEqualTo(-1);
        } finally {
            sleeper.destroyForcibly();
        }
        try (ProcessMemory none = ProcessMemory.of(Long.MAX_VALUE)) {
            assertThat(none.maxMemoryMb()).as("no such process").isEqualTo(-1);
        }
    }

    @Test
    void parseWhenVmHwmPresentThenMegabytesRoundedUpElseMinusOne() {
        byte[] status = "Name:\tnode\nVmPeak:\t  999999 kB\nVmHWM:\t   51201 kB\nVmRSS:\t 40000 kB\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(ProcessMemory.parse(status, status.length)).isEqualTo(51);
        byte[] exact = "VmHWM:\t1024 kB\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(ProcessMemory.parse(exact, exact.length)).isEqualTo(1);
        byte[] none = "Name:\tnode\nVmRSS:\t 40000 kB\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(ProcessMemory.parse(none, none.length)).isEqualTo(-1);
        byte[] cut = "VmHWM:\t".getBytes(StandardCharsets.US_ASCII);
        assertThat(ProcessMemory.parse(cut, cut.length)).isEqualTo(-1);
    }
}
