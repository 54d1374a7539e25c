package dev.gatewaycli.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a terminal would act on is shown as an escape; everything else is left exactly as it was. */
class TerminalTextTest {

    static Stream<Arguments> unsafe() {
        return Stream.of(
                Arguments.of(
                        "ESC (colours, cursor, titles)",
                        "\u001b[31mred\u001b]0;title\u0007",
                        "\\x1b[31mred\\x1b]0;title\\x07"),
                Arguments.of("CR (overwrites the line)", "fake\rgateway-cli: ok", "fake\\rgateway-cli: ok"),
                Arguments.of("NUL and DEL", "a\u0000b\u007fc", "a\\x00b\\x7fc"),
                Arguments.of("C1 CSI", "\u009b2J", "\\u009b2J"),
                Arguments.of("bidi override (Trojan Source)", "admin\u202e\u2066txt", "admin\\u202e\\u2066txt"),
                Arguments.of("line separator", "one\u2028two", "one\\u2028two"),
                Arguments.of("unpaired surrogate", "x\ud800y", "x\\ud800y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafe")
    void lineEscapesWhatATerminalActsOn(String what, String text, String shown) {
        assertThat(TerminalText.line(text)).as(what).isEqualTo(shown);
        assertThat(TerminalText.lines(text)).as(what).isEqualTo(shown);
    }

    @Test
    void lineKeepsOneLineWhileLinesKeepsLineBreaksAndTabs() {
        assertThat(TerminalText.line("a\nb\tc")).isEqualTo("a\\nb\\tc");
        assertThat(TerminalText.lines("a\nb\tc")).isEqualTo("a\nb\tc");
    }

    @Test
    void printableTextIncludingOtherScriptsAndEmojiIsUnchanged() {
        String text = "Grüße, 東京, \uD83D\uDE00, \"quotes\" and \\backslashes\\";

        assertThat(TerminalText.line(text)).isSameAs(text);
        assertThat(TerminalText.line(null)).isNull();
    }
}
