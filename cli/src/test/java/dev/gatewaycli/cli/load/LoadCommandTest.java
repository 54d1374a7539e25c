package dev.gatewaycli.cli.load;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code gateway-cli load} against WireMock playing Cognito's token endpoint and API Gateway's stage. */
class LoadCommandTest {

    static final String CLIENT_ID = "1example23456789abcdefghij";

    static final String SECRET = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn";

    static final String HELLO = "{\"content\":\"Hello from the Lambda function!\"}";

    /** What the test wants done when WireMock has answered a request (the listener below calls it). */
    static final AtomicReference<Consumer<ServeEvent>> ON_SERVED = new AtomicReference<>((event) -> {});

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig()
                    .dynamicPort()
                    .containerThreads(64)
                    .jettyAcceptors(2)
                    .extensions(new ServeEventListener() {
                        @Override
                        public String getName() {
                            return "on-served";
                        }

                        @Override
                        public void afterComplete(ServeEvent event, Parameters parameters) {
                            ON_SERVED.get().accept(event);
                        }
                    }))
            .build();

    @TempDir
    Path home;

    TestCli cli;

    String token;

    @AfterEach
    void tearDown() {
        ON_SERVED.set((event) -> {});
    }

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).endpoints(aws.baseUrl(), CLIENT_ID, SECRET);
        token = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        aws.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(token(token)));
    }

    static ResponseDefinitionBuilder token(String value) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody(TestTokens.tokenResponse(value, 3600));
    }

    static ResponseDefinitionBuilder hello() {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(HELLO);
    }

    static Map<String, Object> json(Result result) throws Exception {
        assertThat(result.out().lines().count())
                .as("-o json prints exactly one line\n" + result.describe())
                .isEqualTo(1);
        return JSONObjectUtils.parse(result.out().trim());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> json, String key) {
        return (Map<String, Object>) json.get(key);
    }

    static double number(Map<String, Object> json, String key) {
        return ((Number) json.get(key)).doubleValue();
    }

    @Test
    void loadWhenFixedDelayThenP50NearTheDelay() throws Exception {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(hello().withFixedDelay(50)));

        Result result = cli.run("load", "-n", "200", "-c", "10", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Map<String, Object> json = json(result);
        Map<String, Object> latency = object(json, "latencyMs");
        assertThat(number(latency, "p50"))
                .as("p50 of a 50 ms stub covers the stub's delay\n" + result.out())
                .isGreaterThanOrEqualTo(50.0);
        assertThat(number(latency, "p90")).as("percentiles ascend").isGreaterThanOrEqualTo(number(latency, "p50"));
        assertThat(number(latency, "max")).isGreaterThanOrEqualTo(number(latency, "p99.9"));
        assertThat(number(json, "requests")).isEqualTo(200);
        assertThat(number(json, "succeeded")).isEqualTo(200);
        assertThat(object(json, "statusCodes")).isEqualTo(Map.of("200", 200L));
        aws.verify(200, getRequestedFor(urlEqualTo("/prod/")).withHeader("Authorization", equalTo(token)));
        aws.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void loadWhenRateGivenThenHoldsTheRate() throws Exception {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(hello()));

        Result result = cli.run("load", "--rate", "50", "--duration", "3s", "-c", "10", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        int served = aws.findAll(getRequestedFor(urlEqualTo("/prod/"))).size();
        assertThat(served)
                .as("--rate 50 --duration 3s schedules request i at i / 50 s while that is before 3 s: 150, "
                        + "WireMock counted")
                .isEqualTo(150);
        Map<String, Object> json = json(result);
        assertThat(json.get("model")).isEqualTo("open");
        assertThat(number(json, "requests"))
                .as("the summary counts what the server saw")
                .isEqualTo(served);
    }

    @Test
    void loadWhenStatusesMixedThenEachCountedAndExit1() throws Exception {
        String scenario = "mix";
        aws.stubFor(get(urlEqualTo("/prod/items"))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(hello())
                .willSetStateTo("500"));
        aws.stubFor(get(urlEqualTo("/prod/items"))
                .inScenario(scenario)
                .whenScenarioStateIs("500")
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"Internal server error\"}"))
                .willSetStateTo("429"));
        aws.stubFor(get(urlEqualTo("/prod/items"))
                .inScenario(scenario)
                .whenScenarioStateIs("429")
                .willReturn(aResponse().withStatus(429).withBody("{\"message\":\"Too Many Requests\"}"))
                .willSetStateTo(Scenario.STARTED));

        // One connection: the scenario's cycle of 200, 500, 429 is then exact.
        Result result = cli.run("load", "-n", "30", "-c", "1", "/items", "-o", "json");

        assertThat(result.exitCode())
                .as("any non-2xx answer fails the run\n" + result.describe())
                .isEqualTo(ExitCodes.FAILED);
        Map<String, Object> json = json(result);
        assertThat(object(json, "statusCodes")).isEqualTo(Map.of("200", 10L, "500", 10L, "429", 10L));
        assertThat(number(json, "succeeded")).isEqualTo(10);
        assertThat(number(json, "failed")).isEqualTo(20);
        assertThat(result.err().lines().toList())
                .as("one line on stderr says what failed")
                .containsExactly("gateway-cli: 20 of 30 requests failed (non-2xx answer or no answer): "
                        + "see the status codes and errors above");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a silent server must not hang the command
    void loadWhenServerAcceptsAndNeverAnswersThenTimeoutsCountedAndCommandEnds() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException ex) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            Result result = cli.run(
                    "load",
                    "--api-url",
                    "http://127.0.0.1:" + silent.getLocalPort() + "/prod",
                    "-n",
                    "6",
                    "-c",
                    "3",
                    "--timeout",
                    "200ms",
                    "-o",
                    "json");

            assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
            Map<String, Object> json = json(result);
            assertThat(object(json, "errors"))
                    .as("every request timed out\n" + result.out())
                    .containsEntry("timeout", 6L);
            assertThat(number(json, "failed")).isEqualTo(6);
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void loadWhenNothingListensThenConnectRefusedCounted() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        Result result = cli.run(
                "load", "--api-url", "http://127.0.0.1:" + closedPort + "/prod", "-n", "5", "-c", "1", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(object(json(result), "errors")).containsEntry("connectRefused", 5L);
    }

    @Test
    void loadWhenServerResetsConnectionsThenResetsCounted() throws Exception {
        aws.stubFor(get(urlEqualTo("/prod/"))
                .willReturn(
                        aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));

        Result result = cli.run("load", "-n", "4", "-c", "1", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(object(json(result), "errors")).as(result.out()).containsEntry("reset", 4L);
    }

    @Test
    void loadWhenNotATerminalThenNoProgressLine() {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(hello()));

        // Surefire's stdout and stderr are pipes, so the default (auto) must draw nothing, even over 2 ticks.
        Result result = cli.run("load", "--duration", "2200ms", "--rate", "20");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.err()).as("no progress line when not a terminal").isEmpty();
        assertThat(result.out()).doesNotContain("\r").contains("Requests:").contains("p99.9");
    }

    @Test
    void loadWhenProgressAlwaysThenLineRewrittenOnStderrAndStdoutClean() {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(hello()));

        Result result = cli.run("load", "--duration", "2200ms", "--rate", "20", "--progress", "always", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.err())
                .as("progress is rewritten in place with \\r")
                .contains("\r")
                .containsPattern("\\d+ requests +\\d+ req/s +p99 [\\d.]+ ms +errors 0");
        assertThat(result.out()).as("stdout carries only the result").doesNotContain("\r");
    }

    @Test
    void loadWhenJsonThenOneLineWithTheDocumentedShape() throws Exception {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(hello()));

        Result result = cli.run("load", "-n", "20", "-c", "2", "-o", "json");

        Map<String, Object> json = json(result);
        assertThat(json)
                .containsOnlyKeys(
                        "url",
                        "method",
                        "model",
                        "rate",
                        "concurrency",
                        "seconds",
                        "requests",
                        "succeeded",
                        "failed",
                        "throughput",
                        "latencyMs",
                        "statusCodes",
                        "errors",
                        "tokenRenewals",
                        "interrupted",
                        "tls",
                        "intervals");
        assertThat(json.get("url")).isEqualTo(aws.baseUrl() + "/prod/");
        assertThat(json.get("tls")).as("plain http").isNull();
        assertThat(json.get("method")).isEqualTo("GET");
        assertThat(json.get("model")).isEqualTo("closed");
        assertThat(json.get("rate")).isNull();
        assertThat(json.get("interrupted")).isEqualTo(false);
        assertThat(object(json, "latencyMs")).containsOnlyKeys("p50", "p90", "p99", "p99.9", "max", "mean");
        assertThat(object(json, "errors"))
                .isEqualTo(Map.of("timeout", 0L, "reset", 0L, "connectRefused", 0L, "other", 0L));
        assertThat((List<?>) json.get("intervals"))
                .as("at least the final interval")
                .isNotEmpty();
    }

    @Test
    void loadWhenDataGivenThenEveryRequestCarriesBodyAndHeaders() {
        aws.stubFor(post(urlEqualTo("/prod/items")).willReturn(aResponse().withStatus(201)));

        Result result =
                cli.run("load", "-n", "10", "-c", "2", "-d", "{\"n\":1}", "-H", "X-Trace: t1", "--bearer", "/items");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        aws.verify(
                10,
                postRequestedFor(urlEqualTo("/prod/items"))
                        .withRequestBody(equalTo("{\"n\":1}"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withHeader("X-Trace", equalTo("t1"))
                        .withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void loadWhenTokenExpiresMidRunThenRenewedOnceAndBothTokensUsed() throws Exception {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(hello()));
        String renewed = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        // The token endpoint issues the first token, then the renewed one.
        aws.stubFor(post(urlEqualTo("/oauth2/token"))
                .inScenario("renewal")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(token(token))
                .willSetStateTo("issued"));
        aws.stubFor(post(urlEqualTo("/oauth2/token"))
                .inScenario("renewal")
                .whenScenarioStateIs("issued")
                .willReturn(token(renewed)));
        // After 20 answers with the first token, the clock moves to where it is due: a 3600 s token is renewed 60 s
        // before it expires, so at +3550 s.
        AtomicInteger answered = new AtomicInteger();
        ON_SERVED.set((event) -> {
            if (event.getRequest().getUrl().equals("/prod/") && answered.incrementAndGet() == 20) {
                cli.clock.advance(Duration.ofSeconds(3550));
            }
        });

        Result result = cli.run("load", "--duration", "2s", "--rate", "50", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        aws.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        assertThat(aws.findAll(getRequestedFor(urlEqualTo("/prod/")).withHeader("Authorization", equalTo(token))))
                .as("the first token was used before the renewal")
                .hasSizeGreaterThanOrEqualTo(20);
        assertThat(aws.findAll(getRequestedFor(urlEqualTo("/prod/")).withHeader("Authorization", equalTo(renewed))))
                .as("the renewed token was used after it")
                .isNotEmpty();
        assertThat(number(json(result), "tokenRenewals")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "-n 10 --duration 5s | give -n or --duration, not both",
                "-n 0 | -n must be at least 1",
                "-n -5 | -n must be at least 1",
                "-c 0 | -c must be between 1 and",
                "-c 100000 | -c must be between 1 and",
                "--rate 0 | --rate must be more than 0",
                "--rate -3 | --rate must be more than 0",
                "--duration 5x | '5x' is not a duration",
                "--duration -1s | is not a duration",
                "--timeout soon | 'soon' is not a duration",
                "-n many | 'many'",
                "-H NoColon | -H 'NoColon' is not 'Name: value'",
                "-X GE/T | -X 'GE/T' is not an HTTP method",
                "-d @/no/such/file | -d @/no/such/file: cannot read",
                "--report /no/such/dir/r.html | the directory does not exist",
                "--progress sometimes | sometimes"
            })
    void loadWhenBadUsageThenExit2WithOneLineAndNoRequest(String args, String message) {
        List<String> argv = new ArrayList<>(List.of("load"));
        argv.addAll(List.of(args.trim().split(" ")));

        Result result = cli.run(argv.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines().toList()).as(result.describe()).hasSize(1);
        assertThat(result.err()).startsWith("gateway-cli: ").contains(message);
        assertThat(result.out()).isEmpty();
        assertThat(aws.getAllServeEvents())
                .as("a usage error sends nothing, not even the token request")
                .isEmpty();
    }

    @Test
    void loadWhenNoApiUrlThenConfigurationError() {
        cli.env.remove("GATEWAY_API_URL");

        Result result = cli.run("load", "-n", "1");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).startsWith("gateway-cli: no API URL");
    }

    @Test
    void loadWhenTokenRefusedThenAuthErrorBeforeAnyLoad() {
        aws.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBody("{\"error\":\"invalid_client\"}")));

        Result result = cli.run("load", "-n", "5");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.AUTH);
        assertThat(aws.findAll(getRequestedFor(urlEqualTo("/prod/"))))
                .as("no load without a token")
                .isEmpty();
        assertThat(result.err()).doesNotContain(SECRET);
    }
}
