package dev.gatewaycli.cli.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs started together with an empty cache make one token request between them: the entry lock makes the others
 * wait for the first and then read its token. The token endpoint answers slowly (1 s) so that the runs overlap.
 */
class ConcurrentCacheTest {

    static final String CLIENT_ID = "1example23456789abcdefghij";

    @RegisterExtension
    static WireMockExtension cognito = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    String token;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).endpoints(cognito.baseUrl(), CLIENT_ID, "concurrentsecretconcurrentsecret");
        token = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withFixedDelay(1000)
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(TestTokens.tokenResponse(token, 3600))));
    }

    @Test
    void tokenWhenFourThreadsStartTogetherWithEmptyCacheThenOneTokenRequest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Result>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                return cli.run("token");
            }));
        }
        start.countDown();
        for (Future<Result> run : runs) {
            Result result = run.get(60, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.out()).isEqualTo(token + "\n");
        }
        pool.shutdown();
        cognito.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void tokenWhenThreeProcessesStartTogetherWithEmptyCacheThenOneTokenRequest() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(cli.inAnotherJvm("token").start());
        }
        for (Process process : processes) {
            assertThat(process.waitFor(90, TimeUnit.SECONDS))
                    .as("process finished")
                    .isTrue();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit code; stderr: " + err).isZero();
            assertThat(out).as("stdout; stderr: " + err).isEqualTo(token + "\n");
        }
        cognito.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
    }
}
