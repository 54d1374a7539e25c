package dev.gatewaycli.cli.verify;

import dev.gatewaycli.cli.process.TerminalText;

/**
 * Short, single-line quotes of bodies for the evidence: at most 200 characters, with every character a terminal
 * would act on escaped ({@link TerminalText#line}), which also keeps them valid in XML 1.0 (the JUnit report).
 */
final class Excerpts {

    static final int MAX = 200;

    private Excerpts() {}

    static String of(String text) {
        return of(text, MAX);
    }

    /** The text on one line, XML-safe, at most {@code max} characters. */
    static String of(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = TerminalText.line(text.length() > 4 * max ? text.substring(0, 4 * max) : text);
        if (line.length() <= max) {
            return line;
        }
        int end = max - 3;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "...";
    }
}
