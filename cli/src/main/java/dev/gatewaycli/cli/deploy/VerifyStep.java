package dev.gatewaycli.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.gatewaycli.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs {@code gateway-cli --profile NAME verify} after a deploy, through the same command line (so its options,
 * error handling and exit codes are the ones a user gets typing it), when a {@code verify} command is registered.
 */
final class VerifyStep {

	static final String VERIFY = "verify";

	private VerifyStep() {
	}

	/** The arguments verify runs with: the new profile, and this run's -v and -o. */
	static List<String> arguments(String profile, boolean verbose, boolean json) {
		List<String> args = new ArrayList<>(List.of("--profile", profile));
		if (verbose) {
			args.add("-v");
		}
		if (json) {
			args.addAll(List.of("-o", "json"));
		}
		args.add(VERIFY);
		return args;
	}

	/**
	 * @return verify's exit code, or 0 with a note when this build has no verify command
	 */
	static int run(CommandSpec spec, String profile, boolean verbose, boolean json, Consumer<String> say) {
		CommandLine root = spec.root().commandLine();
		if (!root.getSubcommands().containsKey(VERIFY)) {
			say.accept("verify is not available in this build; try the API with: gateway-cli --profile "
					+ Lifecycle.quote(profile) + " call /");
			return ExitCodes.OK;
		}
		return root.execute(arguments(profile, verbose, json).toArray(String[]::new));
	}

}
