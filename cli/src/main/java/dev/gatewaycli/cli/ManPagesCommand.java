package dev.gatewaycli.cli;

import dev.gatewaycli.cli.process.ExitCodes;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * {@code gateway-cli man-pages DIR}, hidden: one AsciiDoc man page per command (picocli's ManPageGenerator) from the
 * command tree as it runs, Spring-wired, so that the pages cannot drift from {@code --help}. The release build runs it
 * and turns the pages into troff (dist/pom.xml). Hidden commands, this one included, get no page and no completion.
 */
@Component
@Command(name = "man-pages", hidden = true, description = "Write an AsciiDoc man page per command into DIR.")
public class ManPagesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Where the .adoc files go (created when missing).")
    File directory;

    @Override
    public Integer call() throws Exception {
        separateExamples(spec.root());
        int code = ManPageGenerator.generateManPage(directory, null, new boolean[0], false, spec.root());
        return (code == 0) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /**
     * In AsciiDoc, indented lines are a literal block (kept line by line) only after a blank line; the help's examples
     * follow their "Examples:" line directly and would be run together into one paragraph. This process only writes
     * the pages and exits, so the model is changed in place.
     */
    private static void separateExamples(CommandSpec command) {
        command.usageMessage()
                .description(withLiteralBlocks(command.usageMessage().description()));
        command.subcommands().values().forEach((sub) -> separateExamples(sub.getCommandSpec()));
    }

    static String[] withLiteralBlocks(String[] lines) {
        List<String> out = new ArrayList<>();
        String previous = "";
        for (String line : lines) {
            if (line.startsWith(" ") && !previous.isBlank() && !previous.startsWith(" ")) {
                out.add("");
            }
            out.add(line);
            previous = line;
        }
        return out.toArray(String[]::new);
    }
}
