package dev.gatewaycli.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The launcher's training workload must keep working: if one of its commands failed, the class-data archive would
 * silently lose that command's classes and start-up would slow down with no test noticing.
 */
class ArchiveTrainingTest {

    @Test
    void runWhenStandInServesTokenAndApiThenEveryTrainingCommandSucceedsAndNothingIsLeftBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = trainingDirs(tmp);

        int code = ArchiveTraining.run();

        assertThat(code)
                .as("exit code of the training workload (0 = token, cached token, call, call -i, --help "
                        + "all succeeded against the loopback stand-in)")
                .isEqualTo(ExitCodes.OK);
        assertThat(trainingDirs(tmp))
                .as("the training's temporary config and cache directory is deleted")
                .isEqualTo(before);
    }

    private static long trainingDirs(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter((p) -> p.getFileName().toString().startsWith("gateway-cli-training"))
                    .count();
        }
    }
}
