package dev.gatewaycli.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.emulator.GatewayEmulator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator {@link InProcessEmulator#prepareFor} starts for a {@code --local} command line before the command is
 * parsed: taken by the command, with the same keys, warnings and answers as one the command starts itself, and closed
 * when no command takes it.
 */
class PreparedEmulatorTest {

    @TempDir
    Path home;

    TestCli cli;

    String nettyJfr;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
        nettyJfr = System.getProperty(InProcessEmulator.NETTY_JFR);
    }

    @AfterEach
    void tearDown() {
        if (nettyJfr == null) {
            System.clearProperty(InProcessEmulator.NETTY_JFR);
        } else {
            System.setProperty(InProcessEmulator.NETTY_JFR, nettyJfr);
        }
        assertThat(InProcessEmulator.prepared()).isNull();
    }

    private Path keys() {
        return cli.cacheDir().resolve(InProcessEmulator.KEYS_CACHE);
    }

    private static void assertClosed(GatewayEmulator emulator) {
        URI api = URI.create(emulator.apiUrl());
        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket(api.getHost(), api.getPort())) {
                        socket.getInputStream();
                    }
                })
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void prepareForWhenLocalThenTheCommandTakesTheEmulatorStartedAheadSignedWithTheCachedKeys() throws Exception {
        cli.run("token", "--local");
        String cached = Files.readString(keys(), StandardCharsets.UTF_8);

        InProcessEmulator.prepareFor(cli.env, "token", "--local");
        Future<GatewayEmulator> prepared = InProcessEmulator.prepared();
        assertThat(prepared).isNotNull();
        Result result = cli.run("token", "--local");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.OK);
        assertThat(result.err()).isEmpty();
        assertThat(InProcessEmulator.prepared()).isNull();
        String kid = SignedJWT.parse(result.out().strip()).getHeader().getKeyID();
        assertThat(JWKSet.parse(cached).getKeyByKeyId(kid)).isNotNull();
        assertClosed(prepared.get());
    }

    @Test
    void prepareForWhenLocalThenCallAnswersAsWithoutIt() {
        Result plain = cli.run("call", "--local", "/");

        InProcessEmulator.prepareFor(cli.env, "call", "--local", "/");
        Result prepared = cli.run("call", "--local", "/");

        assertThat(plain.exitCode()).as(plain.describe()).isEqualTo(ExitCodes.OK);
        assertThat(prepared.exitCode()).as(prepared.describe()).isEqualTo(ExitCodes.OK);
        assertThat(prepared.out()).isEqualTo(plain.out()).contains("Hello from the Lambda function!");
        assertThat(prepared.err()).isEqualTo(plain.err());
    }

    @Test
    void prepareForWhenTheCachedKeysAreCorruptThenTheCommandPrintsTheOneWarning() throws Exception {
        Files.createDirectories(keys().getParent());
        Files.writeString(keys(), "{\"keys\": [trunc");
        Files.setPosixFilePermissions(keys(), PosixFilePermissions.fromString("rw-------"));

        InProcessEmulator.prepareFor(cli.env, "token", "--local");
        Result result = cli.run("token", "--local");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.OK);
        assertThat(result.err().lines())
                .singleElement()
                .asString()
                .startsWith("gateway-cli: warning: the cached signing keys ")
                .contains("replaced with fresh ones");
        String kid = SignedJWT.parse(result.out().strip()).getHeader().getKeyID();
        assertThat(Files.readString(keys(), StandardCharsets.UTF_8)).contains(kid);
    }

    @Test
    void prepareForWhenTheCommandLineIsRefusedThenTheEmulatorStartedAheadIsClosed() throws Exception {
        InProcessEmulator.prepareFor(cli.env, "call", "--local", "--no-such-option");
        Future<GatewayEmulator> prepared = InProcessEmulator.prepared();
        Result result = cli.run("call", "--local", "--no-such-option");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(InProcessEmulator.prepared()).isNull();
        assertClosed(prepared.get());
    }

    @Test
    void prepareForWhenAnotherCacheDirectoryThenTheCommandStartsItsOwnAndClosesThePreparedOne() throws Exception {
        Map<String, String> other = new HashMap<>(cli.env);
        other.put("XDG_CACHE_HOME", home.resolve("other-cache").toString());
        InProcessEmulator.prepareFor(other, "token", "--local");
        Future<GatewayEmulator> prepared = InProcessEmulator.prepared();

        Result result = cli.run("token", "--local");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.OK);
        String kid = SignedJWT.parse(result.out().strip()).getHeader().getKeyID();
        assertThat(Files.readString(keys(), StandardCharsets.UTF_8)).contains(kid);
        assertThat(Files.readString(
                        home.resolve("other-cache").resolve("gateway-cli").resolve(InProcessEmulator.KEYS_CACHE),
                        StandardCharsets.UTF_8))
                .doesNotContain(kid);
        assertClosed(prepared.get());
    }

    @Test
    void prepareForWhenLocalThenNettysJfrEventsAreOffUnlessTheJvmWasToldOtherwise() {
        System.clearProperty(InProcessEmulator.NETTY_JFR);
        InProcessEmulator.prepareFor(cli.env, "call", "/");
        assertThat(System.getProperty(InProcessEmulator.NETTY_JFR)).isNull();

        System.setProperty(InProcessEmulator.NETTY_JFR, "true");
        InProcessEmulator.prepareFor(cli.env, "token", "--local");
        assertThat(System.getProperty(InProcessEmulator.NETTY_JFR)).isEqualTo("true");
        cli.run("token", "--local");

        System.clearProperty(InProcessEmulator.NETTY_JFR);
        InProcessEmulator.prepareFor(cli.env, "token", "--local");
        assertThat(System.getProperty(InProcessEmulator.NETTY_JFR)).isEqualTo("false");
        cli.run("token", "--local");
    }

    /**
     * In a JVM of its own, where SLF4J is not started yet, as when a user runs it: {@code main} starts the logging
     * system while the emulator starts on its own thread, and neither the second run (the keys cached, so {@code main}
     * waits for the emulator) nor the first writes anything to stderr, not even SLF4J's notice of substitute loggers.
     */
    @Test
    void mainWhenCallLocalInAFreshJvmThenTheAnswerAndNothingOnStderr() throws Exception {
        for (int run = 1; run <= 3; run++) {
            ProcessBuilder builder = cli.inAnotherJvm("call", "--local", "/");
            Path stdout = home.resolve("stdout-" + run);
            Path stderr = home.resolve("stderr-" + run);
            Process process = builder.redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as("run %d, stderr: %s", run, Files.readString(stderr))
                    .isZero();
            assertThat(Files.readString(stdout)).contains("Hello from the Lambda function!");
            assertThat(Files.readString(stderr)).as("run %d", run).isEmpty();
        }
        assertThat(keys()).exists();
    }

    @Test
    void prepareForWhenNotLocalThenStartsNothing() throws IOException {
        InProcessEmulator.prepareFor(cli.env, "call", "/");
        InProcessEmulator.prepareFor(cli.env, "--profile", "--local", "call", "/");
        InProcessEmulator.prepareFor(cli.env, "call", "--", "--local");

        assertThat(InProcessEmulator.prepared()).isNull();
    }
}
