package dev.gatewaycli.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input that cannot make a valid request is refused before any network traffic, with one line that says what is
 * wrong and the contract's code: 2 for what was typed, 3 for what came from the environment or a file the
 * configuration names. Nothing reaches the stand-in, not even the token request.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest extends StandInTest {

    @BeforeEach
    void routes() {
        standIn.on(TOKEN, issues(jwt(3600)));
        standIn.on(API, hello());
    }

    private void assertRefusedBeforeAnyRequest(Result result, int exitCode, String... fragments) {
        assertOneLine(result, exitCode, fragments);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).doesNotContain("Exception").doesNotContain(SECRET);
        assertThat(standIn.requests())
                .as("nothing was sent: " + result.describe())
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Trace: a\r\nX-Injected: 1", "X-Trace: a\nb", "X-Trace: a\rb"})
    void callWhenAHeaderValueHasALineBreakThenExit2(String header) {
        Result result = cli.run("call", "-H", header, "/");

        assertRefusedBeforeAnyRequest(result, ExitCodes.USAGE, "-H 'X-Trace: ...'", "line break");
        assertThat(result.err()).doesNotContain("X-Injected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Key: a\u0000b", "X-Key: \u001b[2J", "X-Key: \u007f", "X-Key: \u4e2d"})
    void callWhenAHeaderValueHasAControlOrWideCharacterThenExit2(String header) {
        assertRefusedBeforeAnyRequest(cli.run("call", "-H", header, "/"), ExitCodes.USAGE, "-H 'X-Key: ...'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice\r\nX-Injected: 1", "alice\u001b[2J", "alice smith", "a\u0000b"})
    void tokenWhenTheUserOptionIsNoUserNameThenExit2BeforeSigningIn(String user) {
        cli.env.put("GATEWAY_IDP_URL", standIn.baseUrl() + "/");
        cli.env.put("GATEWAY_PASSWORD", "Corr3ct horse");

        Result result = cli.run("token", "--user", user);

        assertRefusedBeforeAnyRequest(result, ExitCodes.USAGE, "--user ", "is not a user name");
        assertThat(result.err()).doesNotContain("Corr3ct");
    }

    @Test
    void tokenWhenTheUserFromTheEnvironmentHoldsALineBreakThenExit3BeforeSigningIn() {
        cli.env.put("GATEWAY_IDP_URL", standIn.baseUrl() + "/");
        cli.env.put("GATEWAY_PASSWORD", "Corr3ct horse");
        cli.env.put("GATEWAY_USER", "alice\nbob");

        assertRefusedBeforeAnyRequest(cli.run("token"), ExitCodes.CONFIG, "GATEWAY_USER=", "is not a user name");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"http://idp.example/\r\nX-Injected: 1", "http://idp.example/a b", "http://idp\u001b.example/"})
    void tokenWhenTheIdpUrlIsNoUrlThenExit2BeforeSigningIn(String url) {
        cli.env.put("GATEWAY_PASSWORD", "Corr3ct horse");

        Result result = cli.run("token", "--user", "alice", "--idp-url", url);

        assertRefusedBeforeAnyRequest(result, ExitCodes.USAGE, "--idp-url ", "is not an http(s) URL");
        assertThat(result.err()).doesNotContain("X-Injected: 1\n");
    }

    @Test
    void loadWhenAHeaderValueHasALineBreakThenExit2() {
        assertRefusedBeforeAnyRequest(
                cli.run("load", "-n", "1", "-H", "X-A: 1\r\nX-B: 2", "/"), ExitCodes.USAGE, "line break");
    }

    @ParameterizedTest
    @ValueSource(strings = {"users/\"read\"", "users\\read", "caf\u00e9"})
    void whenAScopeOptionIsNoScopeTokenThenExit2(String scope) {
        assertRefusedBeforeAnyRequest(cli.run("token", "--scope", scope), ExitCodes.USAGE, "--scope '", "not a scope");
    }

    @Test
    void whenAScopeFromTheEnvironmentOrProfileIsNoScopeTokenThenExit3() throws IOException {
        cli.env.put("GATEWAY_SCOPE", "users/read-only users\\\"all\\\"");
        assertRefusedBeforeAnyRequest(cli.run("token"), ExitCodes.CONFIG, "GATEWAY_SCOPE='", "not a scope");

        cli.env.remove("GATEWAY_SCOPE");
        Files.createDirectories(cli.configDir());
        Path config = Files.writeString(
                cli.configDir().resolve("config.yml"), "profiles:\n  default:\n    scopes: ['a\"b']\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertRefusedBeforeAnyRequest(cli.run("token"), ExitCodes.CONFIG, "profile 'default'", "scopes 'a\"b'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"client:id", "client id", "client\u0007id"})
    void whenTheClientIdOptionIsNoClientIdThenExit2(String clientId) {
        assertRefusedBeforeAnyRequest(
                cli.run("token", "--client-id", clientId), ExitCodes.USAGE, "--client-id '", "is not a client id");
    }

    @Test
    void whenTheClientIdFromTheEnvironmentIsNotUtf8ThenExit3() {
        // Bytes that are not UTF-8 reach Java as U+FFFD.
        cli.env.put("GATEWAY_CLIENT_ID", "client\ufffdid");

        assertRefusedBeforeAnyRequest(cli.run("token"), ExitCodes.CONFIG, "GATEWAY_CLIENT_ID='", "not a client id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"two\nlines", "nul\u0000byte", "caf\u00e9"})
    void whenTheSecretHoldsWhatNoSecretHoldsThenExit3WithoutShowingIt(String secret) {
        cli.env.put("GATEWAY_CLIENT_SECRET", secret);

        Result result = cli.run("token");

        assertRefusedBeforeAnyRequest(result, ExitCodes.CONFIG, "the client secret from GATEWAY_CLIENT_SECRET");
        assertThat(result.err()).doesNotContain(secret);
    }

    @Test
    void callWhenTheBodyFileIsEndlessThenExit2WithoutRunningOutOfMemory() {
        Result result = cli.run("call", "-d", "@/dev/zero", "/");

        assertRefusedBeforeAnyRequest(
                result, ExitCodes.USAGE, "-d @/dev/zero: the file is larger than API Gateway's payload limit");
    }

    @Test
    void callWhenTheBodyFileIsOverThePayloadLimitThenExit2() throws IOException {
        Path big = home.resolve("big.bin");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(10L * 1024 * 1024 + 1); // sparse: no 10 MB written to disk
        }

        assertRefusedBeforeAnyRequest(cli.run("call", "-d", "@" + big, "/"), ExitCodes.USAGE, "larger than");
    }

    @Test
    void callWhenTheBodyFileIsUnreadableThenTheLineSaysWhy() throws IOException {
        Path file = Files.writeString(home.resolve("plain.txt"), "x");
        Path dir = Files.createDirectory(home.resolve("dir"));

        for (List<String> caseAndWhy : List.of(
                List.of(home.resolve("missing.json").toString(), "no such file"),
                List.of(dir.toString(), "is a directory"),
                List.of(file + "/child", "not a directory"))) {
            assertRefusedBeforeAnyRequest(
                    cli.run("call", "-d", "@" + caseAndWhy.get(0), "/"), ExitCodes.USAGE, caseAndWhy.get(1));
        }
    }

    @Test
    void whenTheSecretFileIsEndlessOrMissingThenExit3SayingWhy() {
        cli.env.remove("GATEWAY_CLIENT_SECRET");

        assertRefusedBeforeAnyRequest(
                cli.run("token", "--client-secret-file", "/dev/zero"), ExitCodes.CONFIG, "larger than");
        assertRefusedBeforeAnyRequest(
                cli.run("token", "--client-secret-file", home.resolve("none").toString()),
                ExitCodes.CONFIG,
                "no such file");
    }

    @Test
    void verifyWhenTheExpectedBodyFileIsEndlessThenExit2() {
        assertRefusedBeforeAnyRequest(
                cli.run("verify", "--expect-body", "@/dev/zero"),
                ExitCodes.USAGE,
                "--expect-body @/dev/zero",
                "larger");
    }
}
