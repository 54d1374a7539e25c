package dev.gatewaycli.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher's training workloads must keep working: if one of their commands failed, the class-data archive would
 * silently lose that command's classes and start-up would slow down with no test noticing.
 */
class ArchiveTrainingTest {

    @TempDir
    Path scratch;

    /**
     * full: token (fetched and cached), cached token, call, call -i, --help, call --local twice and --version in a
     * context; cached: token in a child JVM, then token twice, call, call -i and --help in this one; local: call
     * --local twice (keys made, then read from the cache with the emulator started early). All against the loopback
     * stand-in, all succeeding.
     */
    @ParameterizedTest
    @ValueSource(strings = {ArchiveTraining.FULL, ArchiveTraining.CACHED, ArchiveTraining.LOCAL})
    void runWhenStandInServesTokenAndApiThenEveryCommandOfTheWorkloadSucceedsAndNothingIsLeftBehind(String workload)
            throws IOException {
        int code = ArchiveTraining.run(scratch, workload);

        assertThat(code).as("exit code of the %s training workload", workload).isEqualTo(ExitCodes.OK);
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
