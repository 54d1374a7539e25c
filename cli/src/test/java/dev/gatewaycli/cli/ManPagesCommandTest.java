package dev.gatewaycli.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hidden man-pages command the release build runs: a page per visible command, none for hidden ones. */
class ManPagesCommandTest {

    @TempDir
    Path home;

    @Test
    void manPagesWhenRunThenOneAsciiDocPagePerVisibleCommandAndNoneForItself() throws IOException {
        Path dir = home.resolve("man");

        Result result = new TestCli(home).run("man-pages", dir.toString());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        try (Stream<Path> pages = Files.list(dir)) {
            assertThat(pages.map((p) -> p.getFileName().toString()))
                    .contains("gateway-cli.adoc", "gateway-cli-token.adoc", "gateway-cli-call.adoc")
                    .contains("gateway-cli-local.adoc", "gateway-cli-completion.adoc")
                    .doesNotContain("gateway-cli-man-pages.adoc")
                    .allMatch((name) -> name.startsWith("gateway-cli") && name.endsWith(".adoc"));
        }
        assertThat(Files.readString(dir.resolve("gateway-cli-token.adoc")))
                .contains("= gateway-cli-token(1)")
                .contains("*--token-url*=_URL_")
                .as("the examples are a literal block: a blank line between their heading and them")
                .contains("Examples:\n\n  gateway-cli token\n");
    }

    @Test
    void manPagesWhenHiddenThenNeitherInHelpNorInCompletion() {
        TestCli cli = new TestCli(home);

        assertThat(cli.run("--help").out()).doesNotContain("man-pages");
        assertThat(cli.run("completion").out()).doesNotContain("man-pages");
    }

    @Test
    void withLiteralBlocksWhenIndentedLinesFollowTextThenABlankLineSeparatesThem() {
        assertThat(ManPagesCommand.withLiteralBlocks(
                        new String[] {"Prints it.", "", "Examples:", "  a", "  b", "", "Then:", "", "  c"}))
                .containsExactly("Prints it.", "", "Examples:", "", "  a", "  b", "", "Then:", "", "  c");
    }
}
