package dev.gatewaycli.cli;

import dev.gatewaycli.cli.process.HostSystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs the real command line exactly as {@code main} does ({@link GatewayCliApplication#run}; or always in the Spring
 * context, {@link #runWithContext}), with a private
 * home directory (XDG_CONFIG_HOME, XDG_CACHE_HOME), an environment map instead of the process's, a clock the test
 * moves, and captured stdout/stderr.
 */
public final class TestCli {

    public final Path home;

    public final Map<String, String> env = new HashMap<>();

    public final MutableClock clock = new MutableClock(Instant.now());

    /** What the interactive prompt answers; empty = no terminal. */
    public Optional<String> typedSecret = Optional.empty();

    /** What a question with echo is answered, in order; none left = no terminal. */
    public final Deque<String> answers = new ArrayDeque<>();

    /** Every question asked, with or without echo, in order. */
    public final List<String> questions = new ArrayList<>();

    public TestCli(Path home) {
        this.home = home;
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    }

    /** Points the CLI at a token endpoint and API with the given client. */
    public TestCli endpoints(String baseUrl, String clientId, String secret) {
        env.put("GATEWAY_TOKEN_URL", baseUrl + "/oauth2/token");
        env.put("GATEWAY_API_URL", baseUrl + "/prod");
        env.put("GATEWAY_CLIENT_ID", clientId);
        env.put("GATEWAY_CLIENT_SECRET", secret);
        // Fast failure paths in tests: real defaults are 5 s / 30 s.
        env.put("GATEWAY_CONNECT_TIMEOUT", "2s");
        env.put("GATEWAY_READ_TIMEOUT", "5s");
        return this;
    }

    /**
     * Points a user's sign-in at Cognito's IdP API (a WireMock speaking its wire format) with the app client and the
     * password in the environment; no retries, so that a refusal is one request.
     */
    public TestCli signIn(String baseUrl, String clientId, String password) {
        env.put("GATEWAY_IDP_URL", baseUrl + "/");
        env.put("GATEWAY_CLIENT_ID", clientId);
        env.put("GATEWAY_PASSWORD", password);
        env.put("GATEWAY_CONNECT_TIMEOUT", "2s");
        env.put("GATEWAY_READ_TIMEOUT", "5s");
        env.put("GATEWAY_RETRIES", "0");
        return this;
    }

    /** Points the CLI at an emulator's token endpoint and API with its client, and its CA file when it serves HTTPS. */
    public TestCli emulated(dev.gatewaycli.emulator.GatewayEmulator emulator) {
        env.put("GATEWAY_TOKEN_URL", emulator.tokenUrl());
        env.put("GATEWAY_API_URL", emulator.apiUrl());
        env.put("GATEWAY_CLIENT_ID", emulator.clientId());
        env.put("GATEWAY_CLIENT_SECRET", emulator.clientSecret());
        if (emulator.caFile() != null) {
            env.put("GATEWAY_CA_FILE", emulator.caFile().toString());
        }
        return this;
    }

    /**
     * {@code main} with {@code args} in a JVM of its own, as a user runs it (C1 only, as the launcher starts it), on
     * the test's class path and with {@link #env} alone as its environment; not started yet.
     */
    public ProcessBuilder inAnotherJvm(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                GatewayCliApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs {@code args} as {@code main} does: {@code token} and {@code call} without a Spring context. */
    public Result run(String... args) {
        return run(false, args);
    }

    /** Runs {@code args} in the Spring context, as {@code main} runs every command but the direct ones. */
    public Result runWithContext(String... args) {
        return run(true, args);
    }

    private Result run(boolean withContext, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HostSystem host = new HostSystem(
                Map.copyOf(env),
                clock,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                (question) -> {
                    questions.add(question);
                    return typedSecret.map(String::toCharArray);
                },
                (question) -> {
                    if (answers.isEmpty()) {
                        return Optional.empty();
                    }
                    questions.add(question);
                    return Optional.of(answers.poll());
                });
        int code =
                withContext ? GatewayCliApplication.runWithContext(host, args) : GatewayCliApplication.run(host, args);
        return new Result(code, out.toString(), err.toString(), List.of(args));
    }

    public Path configDir() {
        return home.resolve("config").resolve("gateway-cli");
    }

    public Path cacheDir() {
        return home.resolve("cache").resolve("gateway-cli");
    }

    /** Every cache entry file (not the lock files). */
    public List<Path> cacheFiles() throws IOException {
        if (!Files.isDirectory(cacheDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cacheDir())) {
            return files.filter((p) -> p.getFileName().toString().endsWith(".json"))
                    .toList();
        }
    }

    /** The outcome of one run. */
    public record Result(int exitCode, String out, String err, List<String> args) {

        /** For assertion messages: what ran and what it said. */
        public String describe() {
            return "gateway-cli " + String.join(" ", args) + " -> exit " + exitCode + "\n--- stdout:\n" + out
                    + "\n--- stderr:\n" + err;
        }
    }

    /** A clock tests move forward to make a cached token age, without sleeping. */
    public static final class MutableClock extends Clock {

        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        public void advance(Duration duration) {
            now.updateAndGet((t) -> t.plus(duration));
        }

        /** Puts the clock at {@code instant}: runs compared with each other start from the same moment. */
        public void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
