package dev.gatewaycli.cli.process;

/**
 * Text from elsewhere (a server's answer, an exception message, a file) made safe to show at a terminal: every
 * character that a terminal would act on instead of showing is written as a visible escape. So an answer cannot move
 * the cursor, recolour or retitle the terminal, overwrite the line before it with a carriage return, or split one
 * message into two lines that look like the CLI's own.
 *
 * <p>Escaped: the C0 controls (ESC as {@code \x1b}, CR as {@code \r}, ...), DEL, the C1 controls (8-bit CSI,
 * {@code \u009b}, starts an escape sequence in terminals that take them), the bidirectional and line-separator
 * formatting characters (which reorder or break what is shown: "Trojan Source", CVE-2021-42574), noncharacters and
 * unpaired surrogates (what bytes that are not UTF-8 decode to).
 */
public final class TerminalText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TerminalText() {}

    /** {@code text} on one line: line breaks and tabs escaped too. Null stays null. */
    public static String line(String text) {
        return escape(text, false);
    }

    /** {@code text} with its line breaks ({@code \n}) and tabs kept, everything else a terminal acts on escaped. */
    public static String lines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLayout) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text, keepLayout);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        out.append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (!unsafe(c, keepLayout)) {
                out.append(c);
            } else {
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x80) {
                            out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                        } else {
                            out.append("\\u")
                                    .append(HEX[c >> 12])
                                    .append(HEX[(c >> 8) & 0xf])
                                    .append(HEX[(c >> 4) & 0xf])
                                    .append(HEX[c & 0xf]);
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text, boolean keepLayout) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (unsafe(c, keepLayout)) {
                return i;
            }
        }
        return -1;
    }

    /** True for a character to escape (a surrogate reaching here is unpaired). */
    private static boolean unsafe(char c, boolean keepLayout) {
        if (c >= 0x20 && c < 0x7f) {
            return false;
        }
        if (c < 0x20) {
            return !(keepLayout && (c == '\n' || c == '\t'));
        }
        return c <= 0x9f // DEL and the C1 controls
                || c == '\u061c' // Arabic letter mark
                || c == '\u200e'
                || c == '\u200f' // left-to-right and right-to-left marks
                || (c >= '\u2028' && c <= '\u202e') // line and paragraph separators, embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069') // isolates
                || c == '\ufffe'
                || c == '\uffff'
                || Character.isSurrogate(c);
    }
}
