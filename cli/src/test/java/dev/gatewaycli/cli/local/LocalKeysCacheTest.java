package dev.gatewaycli.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --local} keeps its pool's signing keys in the user's cache: made at the first run (0600 in a 0700
 * directory), used by the next, and never trusted when the file is not the user's private JWK set of two keys.
 */
class LocalKeysCacheTest {

    @TempDir
    Path home;

    TestCli cli;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
    }

    private Path keys() {
        return cli.cacheDir().resolve(InProcessEmulator.KEYS_CACHE);
    }

    private String keyIdOfToken(Result result) throws Exception {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.OK);
        return SignedJWT.parse(result.out().strip()).getHeader().getKeyID();
    }

    /** stderr is exactly one warning line, starting {@code gateway-cli: warning: <start>}, naming each of {@code parts}. */
    private static void assertOneWarning(Result result, String start, String... parts) {
        assertThat(result.err().lines())
                .singleElement()
                .asString()
                .startsWith("gateway-cli: warning: " + start)
                .contains(parts);
    }

    @Test
    void localWhenRunTwiceThenSecondRunSignsWithTheFirstRunsCachedKey() throws Exception {
        String first = keyIdOfToken(cli.run("token", "--local"));

        assertThat(keys()).isRegularFile();
        assertThat(Files.getPosixFilePermissions(keys(), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(keys().getParent(), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String cached = Files.readString(keys(), StandardCharsets.UTF_8);
        assertThat(cached).contains(first);

        Result second = cli.run("token", "--local");
        assertThat(keyIdOfToken(second)).isEqualTo(first);
        assertThat(second.err()).isEmpty();
        assertThat(Files.readString(keys(), StandardCharsets.UTF_8)).isEqualTo(cached);
    }

    @Test
    void localWhenTheCachedKeysAreCorruptThenWarnsReplacesThemAndSucceeds() throws Exception {
        Files.createDirectories(keys().getParent());
        Files.writeString(keys(), "{\"keys\": [trunc");
        Files.setPosixFilePermissions(keys(), PosixFilePermissions.fromString("rw-------"));

        Result result = cli.run("token", "--local");
        String kid = keyIdOfToken(result);

        assertOneWarning(result, "the cached signing keys ", "replaced with fresh ones");
        assertThat(Files.readString(keys(), StandardCharsets.UTF_8)).contains(kid);
        assertThat(keyIdOfToken(cli.run("token", "--local"))).isEqualTo(kid);
    }

    @Test
    void localWhenTheCachedKeysAreWritableByOthersThenWarnsLeavesThemAloneAndUsesFreshKeys() throws Exception {
        cli.run("token", "--local");
        String planted = Files.readString(keys(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(keys(), PosixFilePermissions.fromString("rw-rw-rw-"));

        Result result = cli.run("token", "--local");
        String kid = keyIdOfToken(result);

        assertOneWarning(result, "the cached signing keys ", "writable by other users", "this run makes fresh ones");
        assertThat(planted).doesNotContain(kid);
        assertThat(Files.readString(keys(), StandardCharsets.UTF_8)).isEqualTo(planted);
    }

    @Test
    void localWhenTheCachedKeysAreASymbolicLinkThenWarnsAndDoesNotFollowIt() throws Exception {
        Path elsewhere = home.resolve("elsewhere.json");
        cli.run("token", "--local");
        Files.move(keys(), elsewhere);
        Files.createSymbolicLink(keys(), elsewhere);

        Result result = cli.run("token", "--local");
        String kid = keyIdOfToken(result);

        assertThat(result.err()).contains("not a regular file").contains("this run makes fresh ones");
        assertThat(Files.readString(elsewhere, StandardCharsets.UTF_8)).doesNotContain(kid);
        assertThat(Files.isSymbolicLink(keys())).isTrue();
    }

    @Test
    void localWhenTheKeysDirectoryIsNotADirectoryThenWarnsAndUsesFreshKeys() throws Exception {
        Files.createDirectories(keys().getParent().getParent());
        Files.writeString(keys().getParent(), "not a directory");

        Result result = cli.run("token", "--local");
        keyIdOfToken(result);

        assertOneWarning(result, "", "this run makes fresh signing keys");
    }
}
