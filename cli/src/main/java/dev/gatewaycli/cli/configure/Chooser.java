package dev.gatewaycli.cli.configure;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Picks one of several candidates that {@code configure} found: at a terminal by asking (a number, or the id itself),
 * elsewhere not at all: a script gets one line naming the option that chooses (exit 2), never a guess.
 */
final class Chooser {

    private final HostSystem host;

    Chooser(HostSystem host) {
        this.host = host;
    }

    /**
     * One candidate.
     *
     * @param id what the option takes, e.g. the pool id
     * @param label what else helps to tell it apart, e.g. the pool's name, or empty
     */
    record Candidate(String id, String label) {

        String shown() {
            return label.isEmpty() ? id : id + "  (" + label + ")";
        }
    }

    /**
     * The candidate's id: the only one, or the one chosen.
     *
     * @param what e.g. "stack Orders has 2 user pools"
     * @param option the option that chooses, e.g. {@code --user-pool-id ID}
     */
    String choose(String what, List<Candidate> candidates, String option) {
        if (candidates.size() == 1) {
            return candidates.get(0).id();
        }
        StringBuilder question = new StringBuilder(what).append(":\n");
        for (int i = 0; i < candidates.size(); i++) {
            question.append(String.format(
                    Locale.ROOT, "  %d  %s%n", i + 1, candidates.get(i).shown()));
        }
        question.append("Which one (1-")
                .append(candidates.size())
                .append("; ")
                .append(option)
                .append(" chooses without asking)? ");
        Optional<String> answer = host.ask().apply(question.toString());
        if (answer.isEmpty()) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    what + " ("
                            + candidates.stream().map(Candidate::id).collect(Collectors.joining(", "))
                            + "): choose one with " + option);
        }
        String typed = answer.get().strip();
        for (int i = 0; i < candidates.size(); i++) {
            if (typed.equals(String.valueOf(i + 1))
                    || typed.equals(candidates.get(i).id())) {
                return candidates.get(i).id();
            }
        }
        throw new ExitException(
                ExitCodes.USAGE,
                "'" + typed + "' is none of 1-" + candidates.size() + ": run again and choose one, or pass " + option);
    }

    /** Yes to a question at a terminal; empty when there is no terminal to ask. */
    Optional<Boolean> confirm(String question) {
        return host.ask()
                .apply(question + " [y/N] ")
                .map((answer) -> answer.strip().toLowerCase(Locale.ROOT))
                .map((answer) -> answer.equals("y") || answer.equals("yes"));
    }
}
