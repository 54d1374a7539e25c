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
 * The launcher's training workload must keep working: if one of its commands failed, the class-data archive would
 * silently lose that command's classes and start-up would slow down with no test noticing.
 */
class ArchiveTrainingTest {

    @TempDir
    Path scratch;

    @Test
    void runWhenStandInServesTokenAndApiThenEveryTrainingCommandSucceedsAndNothingIsLeftBehind() throws IOException {
        int code = ArchiveTraining.run(scratch);

        assertThat(code)
                .as("exit code of the training workload (0 = token, cached token, call, call -i, --help "
                        + "all succeeded against the loopback stand-in)")
                .isEqualTo(ExitCodes.OK);
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left.toList())
                    .as("the training's config and cache directory is deleted")
                    .isEmpty();
        }
    }
}
