package dev.gatewaycli.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatewaycli.cli.config.PrivateFiles;
import dev.gatewaycli.cli.config.Setting;
import dev.gatewaycli.cli.local.InProcessEmulator;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.FileSystemUtils;

/**
 * The training workload for the class-data archive (AppCDS on JDK 17-24, the AOT cache on 25+): the launcher runs
 * {@code java -Dgateway-cli.archive-training=cached|local|full -XX:AOTCacheOutput=... -jar gateway-cli.jar} (on JDK
 * 17-24 {@code full} with {@code -XX:DumpLoadedClassList=...}, whose list {@code -Xshare:dump} then archives) once per
 * new jar and JDK, and the JVM archives every class this run loaded.
 * <p>
 * Why a workload of its own: the archive only holds classes the training run loaded, so the run must take the paths
 * users take. A token request that fails reads no cache file, receives no HTTP response and calls no API, and the
 * classes of those paths (some 800: Netty's response path, WebFlux's client response, the cache's JSON reader) would
 * load from the jars on every run. Here the real command line runs, in this JVM, the commands users run most: a
 * token ({@code full}: fetched and cached here; {@code cached}: fetched by a child JVM), the cached token, a
 * {@code call} with it, and the help, as {@code main} runs them (without a Spring context, {@link DirectWiring}); in
 * the {@code full} workload also {@code call --local} twice (the emulator's classes; the pool's keys made, then read
 * from the cache with the emulator started while the command line is parsed, as every later run has them) and the
 * version in a Spring context as every other command starts one; against a loopback stand-in for the token endpoint
 * and the API (the JDK's own HTTP server: no test library in the product). The {@code local} workload is the two
 * {@code call --local} runs alone, which need no stand-in. Nothing is written outside the scratch directory it is
 * given, and what it writes there is deleted.
 */
final class ArchiveTraining {

    static final String PROPERTY = "gateway-cli.archive-training";

    /** JWT-shaped, so that every parser on the path accepts it; it is never verified. */
    private static final String TOKEN = "eyJraWQiOiJ0cmFpbmluZyIsImFsZyI6IlJTMjU2In0"
            + ".eyJzdWIiOiJ0cmFpbmluZyIsInRva2VuX3VzZSI6ImFjY2VzcyJ9.c2lnbmF0dXJl";

    private ArchiveTraining() {}

    /**
     * {@code cached}: a token from the cache, a {@code call} with it and the root's help, with none of a token
     * request's classes (for JDK 25's cache of {@code token}, {@code call} and the root alone).
     */
    static final String CACHED = "cached";

    /**
     * {@code full}: a token fetched and cached too, {@code call --local} (the emulator) and a Spring context's start
     * (JDK 17-24's one archive, JDK 25's cache of every other command line).
     */
    static final String FULL = "full";

    /**
     * {@code local}: {@code call --local} alone, twice as in {@link #FULL} (JDK 25's cache of {@code token} and
     * {@code call} with {@code --local}: the emulator and a token request, none of a Spring context's classes).
     */
    static final String LOCAL = "local";

    /**
     * The workload the launcher asks for ({@link #CACHED}, {@link #FULL} or {@link #LOCAL}), or null when this is no
     * training run.
     */
    static String requested() {
        String value = System.getProperty(PROPERTY);
        return (CACHED.equals(value) || FULL.equals(value) || LOCAL.equals(value)) ? value : null;
    }

    /**
     * Runs {@code workload} ({@link #CACHED} or {@link #FULL}) with its config and cache in a new directory under
     * {@code scratch}, deleted at the end; returns 0 when every command succeeded (the archive is written either way).
     * The cached workload fills the token cache from a child JVM ({@code token}, the same class path), so that this
     * JVM, whose classes the archive records, only reads the cache: JDK 25's AOT cache loads every class it holds at
     * each start, and a {@code token} served from the cache would otherwise load the token request's (Netty,
     * WebClient, Spring Security's manager) too.
     */
    static int run(Path scratch, String workload) throws IOException {
        // --local talks to its own emulator: the local workload needs no stand-in, nor its classes in the cache.
        HttpServer server = workload.equals(LOCAL) ? null : standIn();
        Path home = Files.createTempDirectory(PrivateFiles.directory(scratch), "training-");
        try {
            Map<String, String> env = new HashMap<>(Map.of(
                    "HOME",
                    home.toString(),
                    "XDG_CONFIG_HOME",
                    home.resolve("config").toString(),
                    "XDG_CACHE_HOME",
                    home.resolve("cache").toString()));
            if (server != null) {
                String base = "http://127.0.0.1:" + server.getAddress().getPort();
                env.putAll(Map.of(
                        Setting.TOKEN_URL.env(),
                        base + "/oauth2/token",
                        Setting.API_URL.env(),
                        base + "/prod",
                        Setting.CLIENT_ID.env(),
                        "training",
                        Setting.CLIENT_SECRET.env(),
                        "training-secret"));
            }
            // The host main makes (the commands below get one built on env): JDK 25's cache then holds its
            // lambdas linked, which a run would otherwise spin at start.
            HostSystem.real();
            int failures = 0;
            if (workload.equals(CACHED) && tokenInAnotherJvm(env) != ExitCodes.OK) {
                failures++;
            }
            // full: the first token is fetched and cached in this JVM; cached: the child JVM fetched it.
            String[][] commands = workload.equals(LOCAL)
                    ? new String[0][]
                    : new String[][] {{"token"}, {"token"}, {"call", "/"}, {"call", "-i", "/"}, {"--help"}};
            for (String[] args : commands) {
                if (GatewayCliApplication.run(host(env), args) != ExitCodes.OK) {
                    failures++;
                }
            }
            // The commands above run without a Spring context (DirectWiring); --local starts an emulator, and every
            // other command a context. JDK 17-24's archive maps a class only when it is asked for, so holding
            // these costs the commands above nothing; JDK 25's AOT cache loads every class it holds at start-up (JEP
            // 483), which would make every short command pay for the emulator and the context, and --local for the
            // context: the launcher keeps a cache for each there.
            if (!workload.equals(CACHED)) {
                // Twice, each started as main starts it (the emulator while the command line is parsed, Netty's JFR
                // events off): the first run makes the pool's signing keys and caches them, the second reads them
                // from the cache, as every later run does; otherwise the classes of that path would load from the
                // jars at every run.
                String[] local = {"call", "--local", "/"};
                for (int run = 0; run < 2; run++) {
                    InProcessEmulator.prepareFor(env, local);
                    if (GatewayCliApplication.run(host(env), local) != ExitCodes.OK) {
                        failures++;
                    }
                }
            }
            if (workload.equals(FULL)) {
                if (GatewayCliApplication.runWithContext(host(env), "--version") != ExitCodes.OK) {
                    failures++;
                }
            }
            return (failures == 0) ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            if (server != null) {
                server.stop(0);
            }
            FileSystemUtils.deleteRecursively(home);
        }
    }

    /** The loopback stand-in for the token endpoint and the API, started (the JDK's own HTTP server). */
    private static HttpServer standIn() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/oauth2/token",
                (exchange) -> answer(
                        exchange,
                        200,
                        "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));
        server.createContext("/prod", (exchange) -> answer(exchange, 200, "{\"content\":\"training\"}"));
        server.start();
        return server;
    }

    /** {@code token} in a JVM of its own, on this JVM's class path and with {@code env} alone; its exit code. */
    private static int tokenInAnotherJvm(Map<String, String> env) throws IOException {
        ProcessBuilder child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        GatewayCliApplication.class.getName(),
                        "token")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        child.environment().clear();
        child.environment().putAll(env);
        Process process = child.start();
        try {
            return process.waitFor();
        } catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    private static HostSystem host(Map<String, String> env) {
        return new HostSystem(
                env,
                Clock.systemUTC(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                (question) -> Optional.empty());
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
