package dev.gatewaycli.cli.verify;

/** Short, single-line quotes of bodies for the evidence: at most 200 characters, control characters escaped. */
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
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() <= max; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters would break the table and are not allowed in XML 1.0 (the JUnit report).
                    boolean bad = Character.isISOControl(c)
                            || c == '\uFFFE'
                            || c == '\uFFFF'
                            || (Character.isHighSurrogate(c)
                                    && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))))
                            || (Character.isLowSurrogate(c)
                                    && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1))));
                    out.append(bad ? '?' : c);
                }
            }
        }
        return (out.length() > max) ? out.substring(0, max - 3) + "..." : out.toString();
    }
}
