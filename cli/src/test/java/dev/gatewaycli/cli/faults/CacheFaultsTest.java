package dev.gatewaycli.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The token cache is an optimisation: whatever is wrong with it (a home it cannot write, a file where its directory
 * should be, a FIFO or a dangling link where its lock or entry should be, another user's directory or a file others
 * may write, a lock another process never lets go), {@code token} prints the token, exits 0, says so in exactly one
 * warning line, and never hangs. What it reuses must be the user's own: a planted token is never served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CacheFaultsTest extends StandInTest {

    static final String PLANTED = "planted-by-another-user-0123456789";

    String token;

    @BeforeEach
    void issuing() {
        token = jwt(3600);
        standIn.on(TOKEN, issues(token));
    }

    /** Runs {@code token} once so that the entry and its lock exist; returns the entry. */
    private Path cached() throws IOException {
        Result first = cli.run("token");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.err()).isEmpty();
        return cli.cacheFiles().get(0);
    }

    private static Path lockOf(Path entry) {
        return entry.resolveSibling(entry.getFileName().toString().replace(".json", ".lock"));
    }

    /** The token on stdout, exit 0, and exactly one line on stderr: the warning, naming {@code fragments}. */
    private void assertServedWithOneWarning(Result result, String... fragments) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).as(result.describe()).isEqualTo(token + "\n");
        assertThat(result.err().lines().toList())
                .as(result.describe())
                .hasSize(1)
                .allSatisfy((line) ->
                        assertThat(line).startsWith("gateway-cli: warning: ").contains(fragments));
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo =
                new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
    }

    private static boolean root() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }

    @Test
    void tokenWhenTheCacheHomeCannotBeWrittenThenServedWithOneWarning() {
        // Nobody, root included, can create a directory in /proc: a read-only home in a container, for everyone.
        cli.env.put("XDG_CACHE_HOME", "/proc");

        Result result = cli.run("token");

        assertServedWithOneWarning(result, "the token cache in /proc/gateway-cli is not usable", "without it");
    }

    @Test
    void tokenWhenAFileIsWhereTheCacheDirectoryShouldBeThenServedWithOneWarning() throws IOException {
        Files.createDirectories(cli.cacheDir().getParent());
        Files.writeString(cli.cacheDir(), "not a directory");

        Result result = cli.run("token");

        assertServedWithOneWarning(result, "exists and is not a directory");
        assertThat(Files.readString(cli.cacheDir())).isEqualTo("not a directory");
    }

    @Test
    void tokenWhenTheLockIsADanglingLinkThenServedWithOneWarningAndNothingCreatedElsewhere() throws IOException {
        Path lock = lockOf(cached());
        Files.delete(lock);
        Path elsewhere = home.resolve("elsewhere.lock");
        Files.createSymbolicLink(lock, elsewhere);

        Result result = cli.run("token");

        assertServedWithOneWarning(result, "is a symbolic link");
        assertThat(elsewhere).as("the link was not followed").doesNotExist();
    }

    @Test
    void tokenWhenTheLockIsAFifoThenServedWithOneWarningInsteadOfHanging() throws Exception {
        Path lock = lockOf(cached());
        Files.delete(lock);
        mkfifo(lock);

        Result result = cli.run("token");

        assertServedWithOneWarning(result, "is not a regular file");
    }

    @Test
    void tokenWhenTheEntryIsAFifoThenItIsIgnoredAndReplaced() throws Exception {
        Path entry = cached();
        Files.delete(entry);
        mkfifo(entry);

        Result result = cli.run("token");
        Result next = cli.run("token");

        assertServedWithOneWarning(result, "ignoring the cached token", "is not a regular file");
        assertThat(Files.isRegularFile(entry))
                .as("the next save replaced the FIFO")
                .isTrue();
        assertThat(next.err()).as("and then the cache works again").isEmpty();
        assertThat(standIn.requests(TOKEN)).hasSize(2);
    }

    @Test
    void tokenWhenTheEntryIsWritableByOthersThenAPlantedTokenIsNeverServed() throws IOException {
        Path entry = cached();
        Files.writeString(entry, Files.readString(entry).replace(token, PLANTED));
        Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-rw-rw-"));

        Result result = cli.run("token");

        assertServedWithOneWarning(result, "ignoring the cached token", "is writable by other users");
        assertThat(Files.readString(entry)).contains(token).doesNotContain(PLANTED);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)))
                .isEqualTo("rw-------");
    }

    @Test
    void tokenWhenTheEntryIsHugeThenItIsIgnoredAndReplaced() throws IOException {
        Path entry = cached();
        Files.write(entry, new byte[200 * 1024]);

        Result result = cli.run("token");

        assertServedWithOneWarning(result, "ignoring the cached token", "larger");
    }

    @Test
    void tokenWhenTheCacheDirectoryBelongsToAnotherUserThenNothingInItIsUsed() throws IOException {
        Path entry = cached();
        Files.writeString(entry, Files.readString(entry).replace(token, PLANTED));
        if (root()) {
            // Root can make a directory another user's; the check must not care that root could read it anyway.
            Files.setAttribute(cli.cacheDir(), "unix:uid", 65534);
        } else {
            // Any other user finds a directory that is not theirs in /, which belongs to root.
            Path mine = home.resolve("mine");
            Files.move(cli.cacheDir(), mine);
            Files.createSymbolicLink(cli.cacheDir(), Path.of("/"));
        }

        Result result = cli.run("token");

        assertServedWithOneWarning(result, "belongs to", "continuing without it");
        assertThat(result.out()).doesNotContain(PLANTED);
    }

    @Test
    void tokenWhenAnotherProcessHoldsTheLockForGoodThenItWaitsHalfItsDeadlineAndGoesOn() throws Exception {
        Path lock = lockOf(cached());
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process holder = new ProcessBuilder(javaBin, "-cp", classpath, LockHolder.class.getName(), lock.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader said =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");

            Result result = cli.run("token", "--max-time", "2s");

            assertServedWithOneWarning(result, "another run holds", "continuing without it");
        } finally {
            holder.destroy();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A process that takes a lock file's OS lock and keeps it until its stdin closes. */
    public static final class LockHolder {

        @SuppressWarnings("try") // the lock is held for the block's duration, never read
        public static void main(String[] args) throws IOException {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
                    var lock = channel.lock()) {
                System.out.println("locked");
                System.out.flush();
                System.in.read();
            }
        }
    }

    @Test
    void tokenWhenCachedAndHealthyThenNoWarningAtAll() throws IOException {
        cached();

        Result again = cli.run("token");

        assertThat(again.out()).isEqualTo(token + "\n");
        assertThat(again.err()).isEmpty();
        assertThat(standIn.requests(TOKEN)).hasSize(1);
        assertThat(ExitCodes.OK).isEqualTo(again.exitCode());
    }
}
