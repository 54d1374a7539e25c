package dev.gatewaycli.emulator.lambda;

import static dev.gatewaycli.emulator.LogCapture.line;
import static dev.gatewaycli.emulator.LogCapture.messages;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.LogCapture;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every runtime family in its own processes, through the emulated Runtime API, over real HTTP: the {@code runtimes}
 * test app (a CDK app synthesized by the real CDK), one function per runtime and per way a function behaves. Each
 * test asserts what the caller gets and what the function's log shows.
 */
@Timeout(120)
class RuntimesTest {

    /** What Lambda sets in every managed runtime's environment, plus what the emulator adds to keep credentials out. */
    static final Set<String> LAMBDA_VARIABLES = Set.of(
            "_HANDLER",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_LAMBDA_RUNTIME_API",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_EXECUTION_ENV",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR",
            "TZ",
            "LANG",
            "PATH",
            "LD_LIBRARY_PATH",
            "NODE_PATH",
            "TMPDIR",
            "AWS_EC2_METADATA_DISABLED",
            "AWS_SHARED_CREDENTIALS_FILE",
            "AWS_CONFIG_FILE",
            "_X_AMZN_TRACE_ID");

    @TempDir
    static Path cache;

    static GatewayEmulator emu;
    static String token;
    static LogCapture log;

    @BeforeAll
    static void start() {
        log = LogCapture.functions();
        emu = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestApps.assembly("runtimes")))
                .settings(EmulatorSettings.defaults()
                        // Far beyond any cold start here: the tests of the function's own timeout must not race it.
                        .withIntegrationTimeout(Duration.ofSeconds(20))
                        .withFunctions(FunctionSettings.defaults()
                                .withCacheDirectory(cache.resolve("gateway-cli"))
                                .withEnvironmentOverrides(EnvironmentOverrides.parse(
                                        """
                                        {"NodeReport": {"FROM_ENV_VARS": "function entry", "GREETING": "overridden"},
                                         "Parameters": {"FROM_PARAMETERS": "everyone", "FROM_ENV_VARS": "parameters"}}
                                        """.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test"))))
                .start();
        token = Http.token(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
        log.close();
    }

    static HttpResponse<String> get(String path) {
        return Http.get(emu.apiUrl() + path, "Authorization", token);
    }

    static String requestId(HttpResponse<String> r) {
        return r.headers().firstValue("x-amzn-RequestId").orElseThrow();
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode())
                .as("status of %s, body %s", r.uri(), r.body())
                .isEqualTo(200);
        return Http.json(r.body());
    }

    static void assertFailed(HttpResponse<String> r) {
        assertThat(r.statusCode())
                .as("status of %s, body %s", r.uri(), r.body())
                .isEqualTo(502);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    }

    /** Java's report: one {@code key=value} per line. */
    static Map<String, String> lines(String body) {
        Map<String, String> out = new HashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    // ------------------------------------------------------------------ Node.js

    @Test
    void nodeWhenCommonJsThenEventContextAndLambdasEnvironment() {
        HttpResponse<String> r = get("node/report");
        JsonNode report = ok(r);
        String id = requestId(r);

        assertThat(report.get("kind").asString()).isEqualTo("cjs");
        assertThat(report.at("/event/path").asString()).isEqualTo("/node/report");
        assertThat(report.at("/event/requestId").asString()).isEqualTo(id);
        JsonNode context = report.get("context");
        assertThat(context.get("awsRequestId").asString()).isEqualTo(id);
        assertThat(context.get("functionName").asString()).startsWith("Runtimes-NodeReport");
        assertThat(context.get("functionVersion").asString()).isEqualTo("$LATEST");
        assertThat(context.get("memoryLimitInMB").asString()).isEqualTo("128");
        assertThat(context.get("invokedFunctionArn").asString())
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:"
                        + context.get("functionName").asString());
        assertThat(context.get("logGroupName").asString())
                .isEqualTo("/aws/lambda/" + context.get("functionName").asString());
        assertThat(context.get("logStreamName").asString()).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
        assertThat(context.get("remaining").asLong())
                .as("under the 3 s timeout")
                .isBetween(1L, 3000L);
        assertThat(context.get("callbackWaitsForEmptyEventLoop").asBoolean()).isTrue();

        JsonNode env = report.get("env");
        assertThat(env.get("GREETING").asString())
                .as("--env-vars' function entry wins over the template")
                .isEqualTo("overridden");
        assertThat(env.get("POOL_ID").asString())
                .as("a Ref in Environment.Variables is the emulated pool id")
                .isEqualTo(emu.userPoolId());
        assertThat(env.get("FROM_ENV_VARS").asString()).isEqualTo("function entry");
        assertThat(env.get("FROM_PARAMETERS").asString()).isEqualTo("everyone");
        assertThat(env.get("_HANDLER").asString()).isEqualTo("report.handler");
        assertThat(env.get("AWS_REGION").asString()).isEqualTo("us-east-1");
        assertThat(env.get("AWS_DEFAULT_REGION").asString()).isEqualTo("us-east-1");
        assertThat(env.get("AWS_EXECUTION_ENV").asString()).isEqualTo("AWS_Lambda_nodejs22.x");
        assertThat(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asString()).isEqualTo("128");
        assertThat(env.get("AWS_LAMBDA_RUNTIME_API").asString()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(env.get("TZ").asString()).isEqualTo(":UTC");
        assertThat(env.get("AWS_EC2_METADATA_DISABLED").asString()).isEqualTo("true");
        assertThat(env.has("AWS_ACCESS_KEY_ID")).as("no credentials").isFalse();
        assertThat(env.has("AWS_SECRET_ACCESS_KEY")).isFalse();
        assertThat(env.propertyNames())
                .as("nothing of the user's shell leaks in")
                .allSatisfy(name -> assertThat(name)
                        .isIn(union(
                                LAMBDA_VARIABLES, Set.of("GREETING", "POOL_ID", "FROM_ENV_VARS", "FROM_PARAMETERS"))));
        assertThat(report.get("cwd").asString())
                .as("working directory at the code")
                .isEqualTo(env.get("LAMBDA_TASK_ROOT").asString());
        Path tmp = Path.of(report.get("tmpdir").asString());
        assertThat(tmp).as("a private temporary directory").startsWith(cache);
        assertThat(env.get("TMPDIR").asString()).isEqualTo(tmp.toString());

        List<String> lines = messages(log.invocation(id));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).matches("\\S+Z\t" + id + "\tINFO\treport handler ran for /node/report"));
        assertThat(lines.get(lines.size() - 1))
                .matches("REPORT RequestId: " + id
                        + "\tDuration: \\d+\\.\\d{2} ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB\t"
                        + "Max Memory Used: \\d+ MB(\tInit Duration: \\d+\\.\\d{2} ms)?");
    }

    @Test
    void nodeWhenCalledAgainThenTheWarmEnvironmentAnswersWithoutInitDuration() {
        HttpResponse<String> first = get("node/esm");
        ok(first);
        log.invocation(requestId(first));
        HttpResponse<String> second = get("node/esm");
        ok(second);
        assertThat(messages(log.invocation(requestId(first))))
                .last()
                .satisfies(l -> assertThat(l).contains("Init Duration: "));
        assertThat(messages(log.invocation(requestId(second))))
                .last()
                .satisfies(l -> assertThat(l).doesNotContain("Init Duration"));
    }

    @Test
    void nodeWhenCalledOneAfterAnotherThenOneEnvironmentServesThemAll() {
        // Each request is sent as soon as the previous answer arrives, often before the environment that answered has
        // asked for its next invocation: it still takes the request, rather than a second environment's cold start.
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> r = get("node/hello");
            ok(r);
            ids.add(requestId(r));
        }
        assertThat(ids.stream()
                        .filter(id -> messages(log.invocation(id)).stream().anyMatch(l -> l.contains("Init Duration")))
                        .count())
                .as("cold starts among 25 requests one after another")
                .isEqualTo(1);
    }

    @Test
    void nodeWhenModuleFormatsThenMjsTypeModuleAndInlineAllLoad() {
        JsonNode esm = ok(get("node/esm"));
        assertThat(esm.get("kind").asString()).isEqualTo("esm");
        assertThat(esm.get("meta").asString())
                .as("import.meta exists in an ES module")
                .isEqualTo("string");
        JsonNode typeModule = ok(get("node/type-module"));
        assertThat(typeModule.get("kind").asString())
                .as("a .js file under \"type\": \"module\", nested export path")
                .isEqualTo("type-module");
        JsonNode inline = ok(get("node/inline"));
        assertThat(inline.get("kind").asString()).isEqualTo("inline-node");
        assertThat(inline.get("file").asString())
                .as("Code.ZipFile written as index.js in the private cache")
                .startsWith(cache.toString())
                .endsWith("/index.js");
    }

    @Test
    void nodeWhenCallbackHandlerThenAnswersOnceTheEventLoopIsEmpty() {
        HttpResponse<String> r = get("node/callback");
        assertThat(ok(r).get("kind").asString()).isEqualTo("callback");
        assertThat(r.headers().firstValue("X-After-Empty-Loop"))
                .as("the timer that ran after callback() changed the response")
                .hasValue("yes");
    }

    @Test
    void nodeWhenHandlerThrowsThen502AndTheInvokeErrorInTheLog() {
        HttpResponse<String> r = get("node/throws");
        assertFailed(r);
        assertThat(r.body()).doesNotContain("secret");
        assertThat(log.invocation(requestId(r)))
                .anySatisfy(e -> assertThat(e)
                        .matches(line(
                                Level.ERROR,
                                m -> m.contains("\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\"")
                                        && m.contains("boom: secret detail"))));
    }

    @Test
    void nodeWhenModuleFailsToLoadThenInitErrorAnd502() {
        HttpResponse<String> r = get("node/init-fails");
        assertFailed(r);
        log.await(
                "the uncaught error",
                line(
                        Level.ERROR,
                        m -> m.contains("\tERROR\tUncaught Exception")
                                && m.contains("cannot initialise: missing configuration")));
        log.await(
                "INIT_REPORT",
                line(
                        Level.ERROR,
                        m -> m.startsWith("INIT_REPORT Init Duration: ")
                                && m.endsWith("Phase: init\tStatus: error\tError Type: Error")));
    }

    @Test
    void nodeWhenHandlerOrModuleMissingThenRuntimesOwnErrorTypes() {
        assertFailed(get("node/no-handler"));
        log.await(
                "HandlerNotFound",
                line(
                        Level.ERROR,
                        m -> m.contains("Runtime.HandlerNotFound")
                                && m.contains("report.missing is undefined or not exported")));
        assertFailed(get("node/no-module"));
        log.await("ImportModuleError", line(Level.ERROR, m -> m.contains("Error Type: Runtime.ImportModuleError")));
        log.await(
                "the missing module",
                line(
                        Level.ERROR,
                        m -> m.contains("\"errorType\":\"Runtime.ImportModuleError\"")
                                && m.contains("Cannot find module 'nothere'")));
    }

    @Test
    void nodeWhenProcessExitsMidInvocationThenReplacedAndTheNextRequestWorks() {
        HttpResponse<String> first = get("node/exits");
        long before = ok(first).get("pid").asLong();
        // Once its REPORT is logged the environment has asked for the next invocation: it is idle, and takes the next.
        log.invocation(requestId(first));
        HttpResponse<String> dies = get("node/exits?exit=yes");
        assertFailed(dies);
        log.await(
                "the exit",
                line(
                        Level.ERROR,
                        m -> m.equals("RequestId: " + requestId(dies)
                                + " Error: Runtime exited with error: exit status 3\nRuntime.ExitError")));
        long after = ok(get("node/exits")).get("pid").asLong();
        assertThat(after).as("a new execution environment").isNotEqualTo(before);
    }

    @Test
    void nodeWhenPastItsTimeoutThenKilledTaskTimedOutAnd502() {
        HttpResponse<String> r = get("node/hangs");
        // 502, not the 504 of the 3 s integration timeout: the function's own 2 s timeout came first.
        assertFailed(r);
        String id = requestId(r);
        List<ILoggingEvent> lines = log.invocation(id);
        assertThat(messages(lines)).anySatisfy(l -> assertThat(l).endsWith("\tINFO\tstarting a long task"));
        assertThat(lines)
                .anySatisfy(e -> assertThat(e)
                        .matches(line(
                                Level.ERROR,
                                m -> m.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z " + id
                                        + " Task timed out after 2\\.00 seconds"))));
        assertThat(messages(lines).get(lines.size() - 1))
                .contains("\tDuration: 2000.00 ms\t")
                .endsWith("\tStatus: timeout");
    }

    @Test
    void nodeWhenIntegrationTimeoutComesFirstThen504() {
        try (GatewayEmulator short2s = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestApps.assembly("runtimes")))
                .settings(EmulatorSettings.defaults()
                        .withIntegrationTimeout(Duration.ofSeconds(2))
                        .withFunctions(FunctionSettings.defaults().withCacheDirectory(cache.resolve("gateway-cli"))))
                .start()) {
            // The function's own timeout is 8 s: API Gateway's 2 s come first.
            HttpResponse<String> r = Http.get(short2s.apiUrl() + "node/slow", "Authorization", Http.token(short2s));
            assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(504);
            assertThat(r.body()).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
        }
    }

    @Test
    void nodeWhenPrintingThenEveryLineInTheLogBetweenStartAndEnd() {
        HttpResponse<String> r = get("node/prints");
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        String id = requestId(r);
        List<ILoggingEvent> lines = log.invocation(id);
        assertThat(messages(lines).get(0)).isEqualTo("START RequestId: " + id + " Version: $LATEST");
        assertThat(lines)
                .anySatisfy(e -> assertThat(e).matches(line(Level.INFO, m -> m.endsWith("\tINFO\tconsole log line"))));
        assertThat(lines)
                .anySatisfy(
                        e -> assertThat(e).matches(line(Level.ERROR, m -> m.endsWith("\tERROR\tconsole error line"))));
        assertThat(lines)
                .as("a message with a line break is one record")
                .anySatisfy(e -> assertThat(e).matches(line(Level.INFO, m -> m.endsWith("\tINFO\tfirst\nsecond"))));
        assertThat(messages(lines)).contains("raw stdout line", "raw stderr line", "END RequestId: " + id);
        assertThat(lines)
                .as(
                        "printed from setImmediate after the handler returned: before END, as the next /next comes after it")
                .anySatisfy(e -> assertThat(e)
                        .matches(line(Level.INFO, m -> m.endsWith("\tINFO\tline printed after the answer"))));
    }

    @Test
    void nodeWhenReservedConcurrencyOneThenConcurrentRequestsShareOneEnvironment() {
        List<CompletableFuture<HttpResponse<String>>> calls = List.of(
                CompletableFuture.supplyAsync(() -> get("node/serial")),
                CompletableFuture.supplyAsync(() -> get("node/serial")),
                CompletableFuture.supplyAsync(() -> get("node/serial")));
        Set<Long> pids = new java.util.HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            pids.add(ok(call.join()).get("pid").asLong());
        }
        assertThat(pids)
                .as("ReservedConcurrentExecutions 1: one execution environment")
                .hasSize(1);
    }

    // ------------------------------------------------------------------ Python

    @Test
    void pythonWhenInvokedThenContextEnvironmentAndLoggingFormat() {
        HttpResponse<String> r = get("python/report");
        JsonNode report = ok(r);
        String id = requestId(r);
        JsonNode context = report.get("context");
        assertThat(context.get("aws_request_id").asString()).isEqualTo(id);
        assertThat(context.get("function_name").asString()).startsWith("Runtimes-PythonReport");
        assertThat(context.get("memory_limit_in_mb").asString()).isEqualTo("128");
        assertThat(context.get("function_version").asString()).isEqualTo("$LATEST");
        assertThat(context.get("remaining").asLong()).isBetween(1L, 3000L);
        JsonNode env = report.get("env");
        assertThat(env.get("AWS_EXECUTION_ENV").asString()).isEqualTo("AWS_Lambda_python3.12");
        assertThat(env.get("FROM_PARAMETERS").asString()).isEqualTo("everyone");
        assertThat(env.get("FROM_ENV_VARS").asString())
                .as("Parameters, no function entry")
                .isEqualTo("parameters");
        // LC_CTYPE is Python's own: it coerces a locale the machine lacks (PEP 538) and says so in its environment.
        assertThat(env.propertyNames())
                .allSatisfy(name -> assertThat(name)
                        .isIn(union(LAMBDA_VARIABLES, Set.of("FROM_ENV_VARS", "FROM_PARAMETERS", "LC_CTYPE"))));
        assertThat(report.get("tmpdir").asString()).startsWith(cache.toString());

        List<String> lines = messages(log.invocation(id));
        assertThat(lines)
                .anySatisfy(l ->
                        assertThat(l).matches("\\[INFO]\t\\S+Z\t" + id + "\treport handler ran for /python/report"));
        assertThat(lines).contains("printed by the handler");
    }

    @Test
    void pythonWhenHandlerRaisesThen502AndTheTraceback() {
        HttpResponse<String> r = get("python/fails");
        assertFailed(r);
        assertThat(log.invocation(requestId(r)))
                .anySatisfy(e -> assertThat(e)
                        .matches(line(
                                Level.ERROR,
                                m -> m.startsWith("[ERROR] ValueError: boom: secret detail")
                                        && m.contains("\nTraceback (most recent call last):\n"))));
    }

    @Test
    void pythonWhenImportFailsOrHandlerMissingThenInitErrors() {
        assertFailed(get("python/broken"));
        log.await("the import error", line(Level.ERROR, m -> m.startsWith("[ERROR] RuntimeError: cannot initialise")));
        assertFailed(get("python/no-handler"));
        log.await(
                "HandlerNotFound",
                line(
                        Level.ERROR,
                        m -> m.matches("INIT_REPORT Init Duration: \\d+\\.\\d\\d ms\tPhase: init\tStatus: error"
                                + "\tError Type: Runtime.HandlerNotFound")));
        log.await(
                "its message",
                line(
                        Level.ERROR,
                        m -> m.startsWith(
                                "[ERROR] Runtime.HandlerNotFound: Handler 'nothere' missing on module 'app'")));
    }

    @Test
    void pythonWhenInlineThenWrittenAsIndexPy() {
        JsonNode inline = ok(get("python/inline"));
        assertThat(inline.get("file").asString()).startsWith(cache.toString()).endsWith("/index.py");
    }

    // ------------------------------------------------------------------ provided, Java

    @Test
    void providedWhenShBootstrapThenItPollsTheRuntimeApi() throws Exception {
        HttpResponse<String> r = get("provided/sh");
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        assertThat(r.body())
                .startsWith("provided function=Runtimes-ProvidedSh")
                .contains("execution_env=unset") // not defined for OS-only runtimes
                .contains("handler=function.handler");
        Path tmp = Path.of(r.body().substring(r.body().indexOf("tmpdir=") + 7));
        assertThat(tmp).startsWith(cache);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.getParent())))
                .as("the environment's directory is the user's alone")
                .isEqualTo("rwx------");
        assertThat(messages(log.invocation(requestId(r))))
                .anySatisfy(l -> assertThat(l).startsWith("handling " + requestId(r)));
    }

    @Test
    void goWhenHandlerNamesAnExecutableThenItRunsWithGosExecutionEnv() {
        HttpResponse<String> r = get("go/executable");
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        assertThat(r.body()).contains("execution_env=AWS_Lambda_go1.x").contains("handler=bootstrap");
    }

    @Test
    void providedWhenNoBootstrapThenInvalidEntrypoint() {
        assertFailed(get("provided/none"));
        log.await(
                "InvalidEntrypoint",
                line(Level.ERROR, m -> m.startsWith("Runtime.InvalidEntrypoint\tCouldn't find valid bootstrap(s): [")));
    }

    @Test
    void javaWhenInvokedThroughTheRuntimeInterfaceClientThenEnvironmentAndLambdasJvmOptions() {
        HttpResponse<String> r = get("java/report");
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        Map<String, String> report = lines(r.body());
        String id = requestId(r);
        assertThat(report.get("awsRequestId")).isEqualTo(id);
        assertThat(report.get("memory")).isEqualTo("512");
        assertThat(report.get("env.GREETING"))
                .as("System.getenv sees the template's variables")
                .isEqualTo("hello from the template");
        assertThat(report.get("env.AWS_EXECUTION_ENV")).isEqualTo("AWS_Lambda_java21");
        assertThat(report.get("jvmArgs"))
                .as("Lambda's heap, metaspace and code cache for 512 MB; C1 only; the serial collector")
                .contains("-XX:MaxHeapSize=445645k", "-XX:MaxMetaspaceSize=52429k", "-XX:ReservedCodeCacheSize=26214k")
                .contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");
        assertThat(report.get("tmpdir")).as("java.io.tmpdir is private").startsWith(cache.toString());
        assertThat(report.get("jvmArgs"))
                .as("the runtime client's native library from the private cache, not /tmp")
                .contains("NativeClient.JNI=" + cache);
        assertThat(report.get("userDir")).isEqualTo(report.get("env.LAMBDA_TASK_ROOT"));
        assertThat(report.keySet().stream().filter(k -> k.startsWith("env.")).map(k -> k.substring(4)))
                .allSatisfy(name -> assertThat(name)
                        .isIn(union(LAMBDA_VARIABLES, Set.of("GREETING", "FROM_ENV_VARS", "FROM_PARAMETERS"))));
        assertThat(messages(log.invocation(id)))
                .contains("java report handler ran for /java/report", "logged through the context's logger");
    }

    @Test
    void javaWhenJava17AndJava21ThenEachRunsOnAJdkOfItsVersionOrTheNearestNewer() {
        JavaHomes installed = JavaHomes.discover();
        for (String path : List.of("java/report17", "java/report")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
            Map<String, String> report = lines(r.body());
            String runtime = report.get("env.AWS_EXECUTION_ENV").substring("AWS_Lambda_".length());
            JavaHomes.Choice expected = installed.choose(runtime);
            assertThat(Path.of(report.get("javaHome")).toAbsolutePath().normalize())
                    .as(path + " (" + runtime + ") runs on " + expected.jdk())
                    .isEqualTo(expected.jdk().home().toAbsolutePath().normalize());
            int version = Integer.parseInt(report.get("javaSpecificationVersion"));
            assertThat(version).isEqualTo(expected.jdk().feature());
            if (expected.warning().isEmpty()) {
                assertThat(version)
                        .as(runtime + " on a JDK of its version or later")
                        .isGreaterThanOrEqualTo(JavaHomes.feature(runtime));
            }
        }
    }

    @Test
    void javaWhenHandlerThrowsThen502AndTheErrorInTheLog() {
        HttpResponse<String> r = get("java/throws");
        assertFailed(r);
        assertThat(messages(log.invocation(requestId(r))))
                .anySatisfy(l -> assertThat(l).contains("java.lang.IllegalStateException: boom: secret detail"));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
