package dev.gatewaycli.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code -o, --output text|json}: one concern, declared once on the root and inherited by every subcommand. */
public final class OutputOptions {

    /** How results are printed on stdout. */
    public enum Format {
        text,
        json
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "text")
    Format format = Format.text;

    public Format format() {
        return format;
    }

    public boolean json() {
        return format == Format.json;
    }
}
