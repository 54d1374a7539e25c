package dev.gatewaycli.cli.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The secret never reaches stdout, stderr (even with -v) or the cache; the cache is private to its owner. */
class SecretHandlingTest {

    static final String CLIENT_ID = "1example23456789abcdefghij";

    static final String SECRET = "Sup3r+Secret/Value=With%Awkward+Chars";

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    String token;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).endpoints(aws.baseUrl(), CLIENT_ID, SECRET);
        token = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        aws.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(TestTokens.tokenResponse(token, 3600))));
        aws.stubFor(
                get(urlEqualTo("/prod/")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    /** Every form the secret takes on the wire. */
    static List<String> secretForms() {
        return List.of(
                SECRET,
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "--auth {0}")
    @ValueSource(strings = {"basic", "post"})
    void verboseCallThenSecretAndTokenMaskedOnEveryStream(String auth) {
        Result result = cli.run("-v", "call", "--auth", auth, "--basic-encoding", "form", "/");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.err())
                .as("-v shows the exchanges")
                .contains("> POST")
                .contains("< 200")
                .contains("****");
        for (String form : secretForms()) {
            assertThat(result.out() + result.err())
                    .as("secret form '%s' leaked", form)
                    .doesNotContain(form);
        }
        assertThat(result.err()).as("the token is masked in -v output").doesNotContain(token);
    }

    @Test
    void verboseFailureWithStackTraceThenSecretNotInOutput() {
        aws.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\"}")));

        Result result = cli.run("-v", "token", "--auth", "post");

        assertThat(result.exitCode()).isEqualTo(4);
        for (String form : secretForms()) {
            assertThat(result.out() + result.err())
                    .as("secret form '%s' leaked", form)
                    .doesNotContain(form);
        }
    }

    @Test
    void tokenWhenCachedThenCacheFileHoldsTokenButNoSecretAnd0600In0700() throws Exception {
        assertThat(cli.run("token").exitCode()).isZero();

        List<Path> files = cli.cacheFiles();
        assertThat(files).hasSize(1);
        String content = Files.readString(files.get(0));
        assertThat(content).contains(token);
        for (String form : secretForms()) {
            assertThat(content).as("secret form '%s' in the cache", form).doesNotContain(form);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.cacheDir())))
                .isEqualTo("rwx------");
        try (var all = Files.list(cli.cacheDir())) {
            all.forEach((p) -> {
                try {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                            .as("mode of %s", p.getFileName())
                            .isEqualTo("rw-------");
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
        }
    }
}
