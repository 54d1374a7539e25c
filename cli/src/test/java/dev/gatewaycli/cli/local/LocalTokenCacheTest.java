package dev.gatewaycli.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --local}'s pool keeps its keys in the user's cache, and with them its ids: a token it issued in one run is
 * valid in the next, so it is cached like any endpoint's (filed under the pool's issuer, since the port is new every
 * run), and a run with a valid cached token makes no token request. Nothing is cached for a pool that is new every
 * run (its keys could not be cached) or with {@code --no-cache}.
 */
class LocalTokenCacheTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;

    TestCli cli;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
    }

    private JsonNode token(String... extra) {
        Result result = cli.run(Stream.concat(Stream.of("token", "--local", "-o", "json"), Stream.of(extra))
                .toArray(String[]::new));
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.OK);
        assertThat(result.err()).isEmpty();
        return JSON.readTree(result.out());
    }

    private List<Path> tokenFiles() throws IOException {
        if (!Files.isDirectory(cli.cacheDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cli.cacheDir())) {
            return files.filter((f) -> f.getFileName().toString().matches("token-.*\\.json"))
                    .toList();
        }
    }

    private Path keys() {
        return cli.cacheDir().resolve(InProcessEmulator.KEYS_CACHE);
    }

    @Test
    void localWhenRunAgainThenTheFirstRunsTokenIsServedFromTheCacheAndAccepted() throws Exception {
        JsonNode first = token();
        JsonNode second = token();

        assertThat(first.get("from_cache").asBoolean()).isFalse();
        assertThat(second.get("from_cache").asBoolean()).isTrue();
        assertThat(second.get("access_token").asString())
                .isEqualTo(first.get("access_token").asString());
        Path file = tokenFiles().get(0);
        assertThat(tokenFiles()).hasSize(1);
        assertThat(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // Filed under the pool's issuer, not the token URL with this run's port.
        String issuer = SignedJWT.parse(first.get("access_token").asString())
                .getJWTClaimsSet()
                .getIssuer();
        assertThat(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8))
                        .get("tokenUrl")
                        .asString())
                .isEqualTo(issuer)
                .startsWith("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_");

        Result call = cli.run("call", "--local", "/");
        assertThat(call.exitCode()).as(call.describe()).isEqualTo(ExitCodes.OK);
        assertThat(call.out()).contains("Hello from the Lambda function!");
        assertThat(call.err()).isEmpty();
        assertThat(token().get("access_token").asString())
                .as("the call used the cached token and left it in place")
                .isEqualTo(first.get("access_token").asString());
    }

    @Test
    void localWhenNoCacheThenEveryRunRequestsATokenAndNothingIsWritten() throws Exception {
        JsonNode first = token("--no-cache");
        JsonNode second = token("--no-cache");

        assertThat(first.get("from_cache").asBoolean()).isFalse();
        assertThat(second.get("from_cache").asBoolean()).isFalse();
        assertThat(second.get("access_token").asString())
                .isNotEqualTo(first.get("access_token").asString());
        assertThat(tokenFiles()).isEmpty();
    }

    @Test
    void localWhenTheCachedKeysAreReplacedThenTheOldPoolsTokenIsNotServed() throws Exception {
        String old = token().get("access_token").asString();
        Files.delete(keys());

        JsonNode renewed = token();

        assertThat(renewed.get("from_cache").asBoolean()).isFalse();
        assertThat(SignedJWT.parse(renewed.get("access_token").asString())
                        .getJWTClaimsSet()
                        .getIssuer())
                .as("new keys, a new pool")
                .isNotEqualTo(SignedJWT.parse(old).getJWTClaimsSet().getIssuer());
        Result call = cli.run("call", "--local", "/");
        assertThat(call.exitCode()).as(call.describe()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void localWhenTheKeysCannotBeCachedThenNoTokenIsCachedEither() throws Exception {
        token();
        List<Path> before = tokenFiles();
        // Keys others could write are never used: each run makes fresh keys, and so a pool of its own.
        Files.setPosixFilePermissions(keys(), PosixFilePermissions.fromString("rw-rw-rw-"));

        for (int run = 0; run < 2; run++) {
            Result result = cli.run("token", "--local", "-o", "json");
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.OK);
            assertThat(result.err()).contains("this run makes fresh ones");
            assertThat(JSON.readTree(result.out()).get("from_cache").asBoolean())
                    .isFalse();
        }
        assertThat(tokenFiles()).isEqualTo(before);
    }

    @Test
    void callWhenTheCachedTokenIsRefusedByTheAuthorizerThenOneFreshTokenAndTheAnswer() throws Exception {
        token();
        Path file = tokenFiles().get(0);
        JsonNode entry = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        String accessToken = entry.get("accessToken").asString();
        // The signature's last character changed: a token the pool never signed, still valid to the cache.
        String forged = accessToken.substring(0, accessToken.length() - 2)
                + (accessToken.charAt(accessToken.length() - 2) == 'A' ? 'B' : 'A')
                + accessToken.charAt(accessToken.length() - 1);
        Files.writeString(
                file,
                Files.readString(file, StandardCharsets.UTF_8).replace(accessToken, forged),
                StandardCharsets.UTF_8);

        Result call = cli.run("call", "--local", "/");

        assertThat(call.exitCode()).as(call.describe()).isEqualTo(ExitCodes.OK);
        assertThat(call.out()).contains("Hello from the Lambda function!");
        assertThat(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8))
                        .get("accessToken")
                        .asString())
                .as("the refused token replaced")
                .isNotEqualTo(forged)
                .isNotEqualTo(accessToken);
    }
}
