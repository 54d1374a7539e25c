package dev.gatewaycli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GatewayEmulator#disposeSharedLoops}: what a process calls before it exits, so that no event-loop thread is
 * left waiting in epoll for the JVM's exit to wait on; an emulator started afterwards serves on new loops.
 */
class SharedLoopsTest {

    @TempDir
    Path cache;

    @Test
    @Timeout(60)
    void disposedAfterCloseThenNoLoopThreadIsLeftAndALaterEmulatorServes() throws InterruptedException {
        try (GatewayEmulator emu = start()) {
            assertThat(Http.get(emu.apiUrl(), "Authorization", Http.token(emu)).statusCode())
                    .isEqualTo(200);
            assertThat(liveLoopThreads())
                    .as("the shared loops serve the emulator")
                    .isNotEmpty();
        }

        GatewayEmulator.disposeSharedLoops(Duration.ofSeconds(5));

        assertThat(loopThreadsAfterTheyEnd())
                .as("no loop thread outlives the call")
                .isEmpty();
        try (GatewayEmulator later = start()) {
            HttpResponse<String> r = Http.get(later.apiUrl(), "Authorization", Http.token(later));
            assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        }
    }

    @Test
    @Timeout(30)
    void disposedTwiceOrWithNoLoopsThenNothingHappens() throws InterruptedException {
        GatewayEmulator.disposeSharedLoops(Duration.ofSeconds(5));
        GatewayEmulator.disposeSharedLoops(Duration.ofSeconds(5));
        assertThat(loopThreadsAfterTheyEnd()).isEmpty();
    }

    private GatewayEmulator start() {
        return GatewayEmulator.builder()
                .model(StackModel.bundled())
                .settings(EmulatorSettings.defaults()
                        .withFunctions(FunctionSettings.defaults()
                                .withMode(FunctionSettings.Mode.IN_PROCESS)
                                .withCacheDirectory(cache)))
                .start();
    }

    private static List<String> liveLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("reactor-http-"))
                .toList();
    }

    /** The loop threads still alive after up to 5 s: a loop's thread ends on its own, just after its dispose. */
    private static List<String> loopThreadsAfterTheyEnd() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> names = liveLoopThreads();
        while (!names.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            names = liveLoopThreads();
        }
        return names;
    }
}
