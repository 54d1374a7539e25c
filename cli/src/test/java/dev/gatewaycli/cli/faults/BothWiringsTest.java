package dev.gatewaycli.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code token} and {@code call} run without a Spring context ({@code DirectWiring}, what {@code main} does) and in
 * it ({@code runWithContext}, as every other command runs): for the same inputs, the same stdout, stderr and exit
 * code, the same token requests, and the same cache afterwards. Each path starts from a cache the other one wrote,
 * so both read and write one format.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BothWiringsTest extends StandInTest {

    /** What a run left behind: its result, the token requests it made, and the cache entries it left. */
    record Outcome(int exitCode, String out, String err, int tokenRequests, Map<String, String> cache) {}

    /** A scenario: what is done before the command (with the other path), then the command. */
    record Scenario(Prepare prepare, String... args) {}

    @FunctionalInterface
    interface Prepare {
        /** @param other runs a command on the other path than the one measured */
        void apply(Function<String[], Result> other) throws Exception;
    }

    static final Prepare NOTHING = (other) -> {};

    Instant start;

    /** The one token the endpoint issues in a test, to both paths. */
    String token;

    @BeforeEach
    void answering() {
        start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        token = jwt(3600);
    }

    Prepare cached() {
        return (other) ->
                assertThat(other.apply(new String[] {"token"}).exitCode()).isZero();
    }

    Prepare cachedThen(Duration age) {
        return (other) -> {
            cached().apply(other);
            cli.clock.advance(age);
        };
    }

    Prepare cachedThenEntry(EntryChange change) {
        return (other) -> {
            cached().apply(other);
            try (Stream<Path> entries = Files.list(cli.cacheDir())) {
                for (Path entry :
                        entries.filter((p) -> p.toString().endsWith(".json")).toList()) {
                    change.apply(entry);
                }
            }
        };
    }

    @FunctionalInterface
    interface EntryChange {
        void apply(Path entry) throws IOException;
    }

    Scenario scenario(String name) {
        return switch (name) {
            case "token, nothing cached" -> new Scenario(NOTHING, "token");
            case "token, cached" -> new Scenario(cached(), "token");
            case "token -o json, cached" -> new Scenario(cached(), "-o", "json", "token");
            case "token --decode, cached" -> new Scenario(cached(), "token", "--decode");
            case "token -v, cached" -> new Scenario(cached(), "-v", "token");
            case "token -v, nothing cached" -> new Scenario(NOTHING, "-v", "token");
            case "token, expired" -> new Scenario(cachedThen(Duration.ofSeconds(3601)), "token");
            case "token, inside the renewal margin" -> new Scenario(cachedThen(Duration.ofSeconds(3570)), "token");
            case "token --refresh, cached" -> new Scenario(cached(), "token", "--refresh");
            case "token --no-cache, cached" -> new Scenario(cached(), "token", "--no-cache");
            case "token, damaged entry" ->
                new Scenario(cachedThenEntry((entry) -> Files.writeString(entry, "{not json")), "token");
            case "token, entry others may write" ->
                new Scenario(
                        cachedThenEntry((entry) -> Files.setPosixFilePermissions(
                                entry, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"))),
                        "token");
            case "token, another user's entry" ->
                new Scenario(
                        cachedThenEntry((entry) -> {
                            if (root()) {
                                Files.setAttribute(entry, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
                            } else {
                                Path elsewhere = entry.resolveSibling("elsewhere");
                                Files.move(entry, elsewhere);
                                Files.createSymbolicLink(entry, elsewhere);
                            }
                        }),
                        "token");
            case "token, a cache home that cannot be written" ->
                new Scenario((other) -> cli.env.put("XDG_CACHE_HOME", "/proc"), "token");
            case "token, endpoint refuses" ->
                new Scenario(
                        (other) -> standIn.on(
                                TOKEN, (request, exchange) -> exchange.json(400, "{\"error\":\"invalid_client\"}")),
                        "token");
            case "token, endpoint refuses, cached" ->
                new Scenario(
                        (other) -> {
                            cached().apply(other);
                            standIn.on(
                                    TOKEN, (request, exchange) -> exchange.json(400, "{\"error\":\"invalid_client\"}"));
                        },
                        "token",
                        "--refresh");
            case "token --bogus" -> new Scenario(NOTHING, "token", "--bogus");
            case "token --max-time soon" -> new Scenario(NOTHING, "token", "--max-time", "soon");
            case "token --user, no pool" -> new Scenario(NOTHING, "token", "--user", "alice");
            case "token --help" -> new Scenario(NOTHING, "token", "--help");
            case "call, cached" -> new Scenario(cached(), "call", "/");
            case "call -i, nothing cached" -> new Scenario(NOTHING, "call", "-i", "/");
            case "call -o json -v, cached" -> new Scenario(cached(), "-o", "json", "-v", "call", "/");
            case "call, the authorizer refuses the cached token" ->
                new Scenario(
                        (other) -> {
                            cached().apply(other);
                            AtomicInteger calls = new AtomicInteger();
                            standIn.on(API, (request, exchange) -> {
                                if (calls.incrementAndGet() == 1) {
                                    authorizerRefuses().answer(request, exchange);
                                } else {
                                    hello().answer(request, exchange);
                                }
                            });
                        },
                        "call",
                        "/");
            case "call, the API answers 500" -> new Scenario((other) -> standIn.on(API, answers(500)), "call", "/");
            case "call -X" -> new Scenario(NOTHING, "call", "/", "-X");
            case "call --help" -> new Scenario(NOTHING, "call", "--help");
            case "call --local" -> new Scenario(NOTHING, "call", "--local", "/");
            case "call --local, cached by an earlier run" ->
                new Scenario(
                        (other) -> assertThat(other.apply(new String[] {"call", "--local", "/"})
                                        .exitCode())
                                .isZero(),
                        "call",
                        "--local",
                        "/");
            case "token --local --token-url" -> new Scenario(NOTHING, "token", "--local", "--token-url", "http://x/");
            case "--help" -> new Scenario(NOTHING, "--help");
            case "--version" -> new Scenario(NOTHING, "--version");
            case "no command" -> new Scenario(NOTHING);
            case "--profile missing token" -> new Scenario(NOTHING, "--profile", "missing", "token");
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "token, nothing cached",
                "token, cached",
                "token -o json, cached",
                "token --decode, cached",
                "token -v, cached",
                "token -v, nothing cached",
                "token, expired",
                "token, inside the renewal margin",
                "token --refresh, cached",
                "token --no-cache, cached",
                "token, damaged entry",
                "token, entry others may write",
                "token, another user's entry",
                "token, a cache home that cannot be written",
                "token, endpoint refuses",
                "token, endpoint refuses, cached",
                "token --bogus",
                "token --max-time soon",
                "token --user, no pool",
                "token --help",
                "call, cached",
                "call -i, nothing cached",
                "call -o json -v, cached",
                "call, the authorizer refuses the cached token",
                "call, the API answers 500",
                "call -X",
                "call --help",
                "call --local",
                "call --local, cached by an earlier run",
                "token --local --token-url",
                "--help",
                "--version",
                "no command",
                "--profile missing token"
            })
    void bothWiringsWhenGivenTheSameInputThenAnswerAndCacheAlike(String name) throws Exception {
        Outcome direct = outcome(name, false);
        Outcome withContext = outcome(name, true);

        assertThat(direct).as(name).isEqualTo(withContext);
        assertThat(direct.out() + direct.err()).as(name).isNotEmpty();
        assertThat(direct.err()).as("no stack trace").doesNotContain("\tat ");
        if (name.equals("token, cached") || name.equals("call, cached")) {
            assertThat(direct.exitCode()).isZero();
            assertThat(direct.tokenRequests()).as("served from the cache").isZero();
            assertThat(direct.out()).isEqualTo(name.startsWith("token") ? token + "\n" : HELLO);
        }
        if (name.startsWith("call --local")) {
            assertThat(direct.exitCode()).isZero();
            assertThat(direct.out()).isEqualTo(HELLO);
            assertThat(direct.cache().keySet())
                    .as("the in-process pool's token, cached")
                    .anyMatch((entry) -> entry.startsWith(LOCAL_TOKEN_FILE));
        }
        if (name.equals("token, nothing cached") || name.equals("token, expired")) {
            assertThat(direct.tokenRequests()).isEqualTo(1);
            assertThat(direct.cache()).hasSize(2);
        }
    }

    /** The scenario from a clean home and the same clock, the command on one path, its preparation on the other. */
    private Outcome outcome(String name, boolean withContext) throws Exception {
        deleteRecursively(home.resolve("cache"));
        deleteRecursively(home.resolve("config"));
        cli.env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        cli.clock.set(start);
        standIn.on(TOKEN, issues(token)).on(API, hello());
        Scenario scenario = scenario(name);
        scenario.prepare().apply((args) -> withContext ? cli.run(args) : cli.runWithContext(args));
        int before = standIn.requests(TOKEN).size();
        Result result = withContext ? cli.runWithContext(scenario.args()) : cli.run(scenario.args());
        return new Outcome(
                result.exitCode(),
                result.out(),
                normalized(result.err()),
                standIn.requests(TOKEN).size() - before,
                cache());
    }

    /** What may differ between two runs of one path too: how long an exchange took. */
    private static String normalized(String err) {
        return err.replaceAll("\\d+(\\.\\d+)? ?ms\\b", "N ms");
    }

    /** How {@link #cache} names the entry of the in-process emulator's pool (its mode follows). */
    static final String LOCAL_TOKEN_FILE = "token-(the in-process pool's).json ";

    /**
     * The cache directory: each entry's name and mode, and its content. The entry of the in-process emulator's pool
     * (filed under a Cognito issuer; the stand-in's are under its own URL) has a pool, client and token of its own on
     * each path (each path starts from an empty cache, so with keys of its own): they are shown by their shape.
     */
    private Map<String, String> cache() throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path dir = home.resolve("cache").resolve("gateway-cli");
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String content = Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
                        ? entry.toString().endsWith(".json") ? canonical(entry) : "(lock)"
                        : "(not a file)";
                String fileName = entry.getFileName().toString();
                if (content.startsWith(LOCAL_ENTRY)) {
                    fileName = "token-(the in-process pool's).json";
                } else if (fileName.endsWith(".lock")
                        && canonical(entry.resolveSibling(fileName.replace(".lock", ".json")))
                                .startsWith(LOCAL_ENTRY)) {
                    fileName = "token-(the in-process pool's).lock";
                }
                files.put(fileName + " " + Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS), content);
            }
        }
        return files;
    }

    /** How {@link #canonical} starts the entry of the in-process emulator's pool. */
    static final String LOCAL_ENTRY = "(the in-process pool's entry) ";

    private static String canonical(Path entry) {
        try {
            JsonNode json = JSON.readTree(Files.readString(entry, StandardCharsets.UTF_8));
            if (json.path("tokenUrl")
                            .asString("")
                            .matches("https://cognito-idp\\.us-east-1\\.amazonaws\\.com/us-east-1_\\w{9}")
                    && json instanceof ObjectNode local) {
                long validity = local.path("expiresAt").asLong()
                        - local.path("issuedAt").asLong();
                local.put("tokenUrl", "(its issuer)");
                local.put("clientId", local.path("clientId").asString().matches("[a-z0-9]{26}") ? "(its client)" : "?");
                local.put(
                        "accessToken", local.path("accessToken").asString().split("\\.").length == 3 ? "(a JWT)" : "?");
                local.put("issuedAt", "(issued)");
                local.put("expiresAt", "(issued + " + validity + " s)");
                return LOCAL_ENTRY + JSON.writeValueAsString(local);
            }
            return JSON.writeValueAsString(json);
        } catch (RuntimeException | IOException ex) {
            return "(unparsable)";
        }
    }

    private static boolean root() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
