package dev.gatewaycli.cli.load;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatewaycli.cli.GatewayCliApplication;
import dev.gatewaycli.cli.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real process: {@code gateway-cli load} runs in its own JVM (the test class path, the real main),
 * gets SIGINT mid-run, and must print the summary of what it did so far before it ends.
 */
class LoadInterruptTest {

    /** Completed once the API has answered 40 requests: the load is going. */
    static final CompletableFuture<Void> GOING = new CompletableFuture<>();

    static final AtomicInteger ANSWERED = new AtomicInteger();

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(new ServeEventListener() {
                @Override
                public String getName() {
                    return "going";
                }

                @Override
                public void afterComplete(ServeEvent event, Parameters parameters) {
                    if (event.getRequest().getUrl().equals("/prod/") && ANSWERED.incrementAndGet() >= 40) {
                        GOING.complete(null);
                    }
                }
            }))
            .build();

    @TempDir
    Path home;

    @Test
    void loadWhenSigintThenPrintsTheSummarySoFarAndEnds() throws Exception {
        String clientId = "1example23456789abcdefghij";
        aws.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(TestTokens.tokenResponse(
                                TestTokens.accessToken(clientId, List.of("users/read-only"), 3600), 3600))));
        aws.stubFor(
                get(urlEqualTo("/prod/")).willReturn(aResponse().withStatus(200).withBody("{}")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire puts the test class path here (its own java.class.path may be a manifest-only jar).
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                classPath,
                GatewayCliApplication.class.getName(),
                "load",
                "--duration",
                "120s",
                "--rate",
                "40",
                "-c",
                "4",
                "-o",
                "json");
        builder.environment().clear();
        builder.environment()
                .putAll(Map.of(
                        "HOME",
                        home.toString(),
                        "XDG_CONFIG_HOME",
                        home.resolve("c").toString(),
                        "XDG_CACHE_HOME",
                        home.resolve("k").toString(),
                        "GATEWAY_TOKEN_URL",
                        aws.baseUrl() + "/oauth2/token",
                        "GATEWAY_API_URL",
                        aws.baseUrl() + "/prod",
                        "GATEWAY_CLIENT_ID",
                        clientId,
                        "GATEWAY_CLIENT_SECRET",
                        "s3cr3t-value",
                        "PATH",
                        System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            // 40 answers, or the process's end, whichever comes first; the timeout only guards against a hang.
            CompletableFuture.anyOf(GOING, process.onExit()).get(60, TimeUnit.SECONDS);
            if (!GOING.isDone()) {
                fail("the load did not get going: stderr " + Files.readString(err));
            }

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();

            assertThat(process.waitFor(20, TimeUnit.SECONDS))
                    .as("the run ends soon after Ctrl-C")
                    .isTrue();
            String stdout = Files.readString(out);
            assertThat(process.exitValue())
                    .as("the shell's code for SIGINT; stderr:\n" + Files.readString(err))
                    .isEqualTo(130);
            Map<String, Object> json = JSONObjectUtils.parse(stdout.trim());
            assertThat(json.get("interrupted")).as(stdout).isEqualTo(true);
            long served = aws.findAll(getRequestedFor(urlEqualTo("/prod/"))).size();
            long requests = ((Number) json.get("requests")).longValue();
            // At least the 40 answered before the signal; never more than the server answered. (Requests already
            // queued for a connection when the signal came may still reach the server after the summary.)
            assertThat(requests)
                    .as("the summary so far counts what the server answered (%d)", served)
                    .isGreaterThanOrEqualTo(40)
                    .isLessThanOrEqualTo(served);
        } finally {
            process.destroyForcibly();
        }
    }
}
