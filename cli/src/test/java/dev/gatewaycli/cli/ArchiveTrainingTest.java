package dev.gatewaycli.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training workloads must keep working: if one of their commands failed, the class-data archive would
 * silently lose that command's classes and start-up would slow down with no test noticing.
 */
class ArchiveTrainingTest {

    @TempDir
    Path scratch;

    @Test
    void runWhenStandInServesTokenAndApiThenEveryTrainingCommandSucceedsAndNothingIsLeftBehind() throws IOException {
        int code = ArchiveTraining.run(scratch, ArchiveTraining.FULL);

        assertThat(code)
                .as("exit code of the full training workload (0 = token, cached token, call, call -i, --help, "
                        + "call --local and --version in a context all succeeded against the loopback stand-in)")
                .isEqualTo(ExitCodes.OK);
        assertNothingLeft();
    }

    @Test
    void runWhenTheCachedWorkloadThenItsCommandsSucceedAndNothingIsLeftBehind() throws IOException {
        int code = ArchiveTraining.run(scratch, ArchiveTraining.CACHED);

        assertThat(code)
                .as("exit code of the cached training workload (token in a child JVM, then token twice, call, "
                        + "call -i and --help in this one)")
                .isEqualTo(ExitCodes.OK);
        assertNothingLeft();
    }

    @Test
    void runWhenTheLocalWorkloadThenBothLocalCallsSucceedAndNothingIsLeftBehind() throws IOException {
        int code = ArchiveTraining.run(scratch, ArchiveTraining.LOCAL);

        assertThat(code)
                .as("exit code of the local training workload (call --local twice: keys made, then read from the "
                        + "cache with the emulator started early)")
                .isEqualTo(ExitCodes.OK);
        assertNothingLeft();
    }

    @Test
    void requestedWhenTheLauncherNamesAWorkloadThenThatOneAndNoneForAnyOtherValue() {
        String before = System.getProperty(ArchiveTraining.PROPERTY);
        try {
            System.setProperty(ArchiveTraining.PROPERTY, "cached");
            assertThat(ArchiveTraining.requested()).isEqualTo(ArchiveTraining.CACHED);
            System.setProperty(ArchiveTraining.PROPERTY, "full");
            assertThat(ArchiveTraining.requested()).isEqualTo(ArchiveTraining.FULL);
            System.setProperty(ArchiveTraining.PROPERTY, "local");
            assertThat(ArchiveTraining.requested()).isEqualTo(ArchiveTraining.LOCAL);
            for (String other : new String[] {"direct", "true", "false", ""}) {
                System.setProperty(ArchiveTraining.PROPERTY, other);
                assertThat(ArchiveTraining.requested())
                        .as("-D%s=%s is no training run", ArchiveTraining.PROPERTY, other)
                        .isNull();
            }
            System.clearProperty(ArchiveTraining.PROPERTY);
            assertThat(ArchiveTraining.requested()).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(ArchiveTraining.PROPERTY);
            } else {
                System.setProperty(ArchiveTraining.PROPERTY, before);
            }
        }
    }

    private void assertNothingLeft() throws IOException {
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left.toList())
                    .as("the training's config and cache directory is deleted")
                    .isEmpty();
        }
    }
}
