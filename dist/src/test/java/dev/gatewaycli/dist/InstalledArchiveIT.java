package dev.gatewaycli.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive installed as a user installs it: unpacked into an empty directory outside the checkout, the
 * launcher linked into a directory on a {@code PATH} that holds nothing else but the JDK's {@code java} and the few
 * tools the launcher uses (no Maven, no Node.js, no Python, no repository), run from an empty working directory.
 */
class InstalledArchiveIT {

    private static final Path DIST = Path.of(System.getProperty("gatewaycli.dist.dir"));

    private static final String NAME = System.getProperty("gatewaycli.dist.name");

    private static final String VERSION = System.getProperty("gatewaycli.version");

    /** What bin/gateway-cli runs, each linked from the system into the test's PATH directory. */
    private static final List<String> TOOLS = List.of("sh", "readlink", "mkdir", "chmod", "mv", "rm", "cksum", "env");

    @TempDir
    static Path root;

    static Path install;

    static Path path;

    /**
     * The home of a user who installed it: shared by the tests of what the CLI does, so that the launcher trains its
     * class-data archive once, on whichever runs first, and the others run with it as a user's later starts do.
     */
    static Path user;

    @BeforeAll
    static void install() throws Exception {
        Path opt = Files.createDirectories(root.resolve("opt"));
        Finished untar = run(
                List.of("tar", "-xzf", DIST.resolve(NAME + ".tar.gz").toString(), "-C", opt.toString()),
                Map.of("PATH", System.getenv("PATH")),
                root);
        assertThat(untar.code()).as(untar.stderr()).isZero();
        install = opt.resolve(NAME);
        path = Files.createDirectories(root.resolve("path"));
        for (String tool : TOOLS) {
            Files.createSymbolicLink(path.resolve(tool), which(tool));
        }
        Files.createSymbolicLink(path.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        // As a user links it into ~/.local/bin: the launcher must find its installation through the link.
        Files.createSymbolicLink(path.resolve("gateway-cli"), install.resolve("bin/gateway-cli"));
        user = home("user");
    }

    @Test
    void eachArchiveHasAChecksumFileThatSha256sumAccepts() throws Exception {
        for (String archive : List.of(NAME + ".tar.gz", NAME + ".zip")) {
            String line = Files.readString(DIST.resolve(archive + ".sha256"), StandardCharsets.US_ASCII);
            String digest = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(DIST.resolve(archive))));
            assertThat(line.strip()).isEqualTo(digest + "  " + archive);
            Finished check =
                    run(List.of("sha256sum", "-c", archive + ".sha256"), Map.of("PATH", "/usr/bin:/bin"), DIST);
            assertThat(check.code()).as(check.stderr()).isZero();
            assertThat(check.stdout()).isEqualTo(archive + ": OK\n");
        }
    }

    @Test
    void theZipHoldsWhatTheTarballHolds() throws Exception {
        Set<String> unpacked;
        try (Stream<Path> files = Files.walk(install)) {
            unpacked = files.filter(Files::isRegularFile)
                    .map((f) -> NAME + "/" + install.relativize(f))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> zipped = new TreeSet<>();
        try (ZipFile zip = new ZipFile(DIST.resolve(NAME + ".zip").toFile())) {
            zip.stream().filter((e) -> !e.isDirectory()).map(ZipEntry::getName).forEach(zipped::add);
        }
        assertThat(zipped).isEqualTo(unpacked);
        assertThat(unpacked)
                .contains(
                        NAME + "/bin/gateway-cli",
                        NAME + "/lib/gateway-cli.jar",
                        NAME + "/LICENSE",
                        NAME + "/README",
                        NAME + "/share/man/man1/gateway-cli.1",
                        NAME + "/share/bash-completion/completions/gateway-cli",
                        NAME + "/share/zsh/gateway-cli.zsh");
        assertThat(Files.getPosixFilePermissions(install.resolve("bin/gateway-cli")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.readString(install.resolve("LICENSE")))
                .contains("Apache License", "Version 2.0, January 2004");
        assertThat(Files.readString(install.resolve("README"))).contains("gateway-cli " + VERSION);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void versionRunsFromTheInstallationThroughALinkOnPath() throws Exception {
        Finished version = gatewayCli(user, "--version");

        assertThat(version.code()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("gateway-cli " + VERSION + "\n");
        assertThat(version.stderr()).isEmpty();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void versionRunsWhenGatewayCliJavaOptsNamesAnotherCollector() throws Exception {
        // The launcher's own -XX:+UseSerialGC gives way: a JVM given two collectors refuses to start.
        Finished version = run(
                List.of(path.resolve("sh").toString(), "-c", "exec gateway-cli --version"),
                Map.of(
                        "PATH", path.toString(),
                        "HOME", user.toString(),
                        "GATEWAY_CLI_JAVA_OPTS", "-XX:+UseParallelGC -Xmx128m"),
                work());

        assertThat(version.code()).as(version.stdout() + version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("gateway-cli " + VERSION + "\n");
        assertThat(version.stderr()).isEmpty();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void callLocalCallsTheEmulatedStack() throws Exception {
        Finished call = gatewayCli(user, "call", "--local", "/");

        assertThat(call.code()).as(call.stderr()).isZero();
        assertThat(call.stdout()).isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void verifyLocalPassesTheSmokeSuite() throws Exception {
        Finished verify = gatewayCli(user, "verify", "--local");

        assertThat(verify.code())
                .as("stdout:\n%s\nstderr:\n%s", verify.stdout(), verify.stderr())
                .isZero();
        assertThat(verify.stdout()).contains("PASS").doesNotContain("FAIL");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theClassDataArchiveIsKeptInThePrivateXdgCachePerInstallationAndJdk() throws Exception {
        Path home = home("archive");

        Finished first = gatewayCli(home, "--version");

        assertThat(first.code()).as(first.stderr()).isZero();
        Path launcher = home.resolve(".cache/gateway-cli/launcher");
        assertThat(Files.getPosixFilePermissions(launcher, LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(launcher.getParent(), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        List<String> archives = list(launcher);
        int feature = Runtime.version().feature();
        assertThat(archives).hasSize(1);
        assertThat(archives.get(0))
                .startsWith("gateway-cli-" + VERSION + "-")
                .endsWith(feature >= 25 ? ".jdk" + feature + ".aot" : ".jdk" + feature + ".jsa");
        assertThat(install.resolve("lib"))
                .as("nothing is written into the installation")
                .satisfies((lib) -> {
                    try (Stream<Path> files = Files.walk(lib)) {
                        assertThat(files.filter(
                                        (f) -> f.getFileName().toString().matches(".*\\.(jsa|aot|tmp)$")))
                                .isEmpty();
                    }
                });

        Finished second = gatewayCli(home, "--version");

        assertThat(second.code()).as(second.stderr()).isZero();
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(list(launcher)).isEqualTo(archives);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aCacheDirectoryThatIsASymbolicLinkIsNotUsedAndTheCliStillRuns() throws Exception {
        Path home = home("linked");
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createDirectories(home.resolve(".cache/gateway-cli"));
        Files.createSymbolicLink(home.resolve(".cache/gateway-cli/launcher"), elsewhere);

        Finished version = gatewayCli(home, "--version");

        assertThat(version.code()).as(version.stderr()).isZero();
        assertThat(version.stderr()).isEmpty();
        assertThat(list(elsewhere)).as("nothing written through the link").isEmpty();
    }

    @Test
    void withoutJavaItSaysSoOnOneLineAndExits6() throws Exception {
        Path noJava = Files.createDirectories(root.resolve("path-without-java"));
        for (String tool : TOOLS) {
            Files.createSymbolicLink(noJava.resolve(tool), which(tool));
        }
        Finished missing = run(
                List.of(install.resolve("bin/gateway-cli").toString(), "--version"),
                Map.of("PATH", noJava.toString(), "HOME", home("no-java").toString()),
                work());

        assertThat(missing.code()).isEqualTo(6);
        assertThat(missing.stderr())
                .isEqualTo("gateway-cli: no java found: install a JDK 17 or newer (e.g. apt-get install "
                        + "openjdk-17-jdk) or set JAVA_HOME\n");
        assertThat(missing.stdout()).isEmpty();
    }

    @Test
    void aJavaHomeWithoutJavaIsNamedOnOneLineAndExits6() throws Exception {
        Path notAJdk = Files.createDirectories(root.resolve("not-a-jdk"));
        Finished missing = versionWithJavaHome(notAJdk);

        assertThat(missing.code()).isEqualTo(6);
        assertThat(missing.stderr())
                .isEqualTo("gateway-cli: JAVA_HOME=" + notAJdk
                        + " has no bin/java: point JAVA_HOME at a JDK 17 or newer\n");
    }

    @Test
    void aJavaOlderThan17IsRefusedOnOneLineWithExit6() throws Exception {
        // A JDK is recognised by its release file; this one says Java 11.
        Path oldJdk = Files.createDirectories(root.resolve("jdk-11/bin"));
        Path fakeJava = oldJdk.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(oldJdk.getParent().resolve("release"), "JAVA_VERSION=\"11.0.24\"\n");
        Finished old = versionWithJavaHome(oldJdk.getParent());

        assertThat(old.code()).isEqualTo(6);
        assertThat(old.stderr())
                .isEqualTo("gateway-cli: " + fakeJava + " is Java 11; gateway-cli needs 17 or newer (set JAVA_HOME)\n");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theCdkCommandsOutsideACheckoutSayWhatTheyNeedOnOneLine() throws Exception {
        Finished synth = gatewayCli(user, "synth");

        assertThat(synth.code()).as(synth.stderr()).isEqualTo(3);
        assertThat(synth.stderr().lines()).hasSize(1);
        assertThat(synth.stderr()).contains("--app-dir DIR").contains("gateway-cli repository");
        assertThat(synth.stdout()).isEmpty();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void thereIsAManPageForEveryCommandAndManFindsThemThroughPath() throws Exception {
        Finished help = gatewayCli(user, "--help");
        assertThat(help.code()).as(help.stderr()).isZero();
        List<String> commands = commandsOf(help.stdout());
        assertThat(commands).contains("token", "call", "verify", "local", "completion");
        Set<String> expected = new TreeSet<>(List.of("gateway-cli.1"));
        commands.forEach((command) -> expected.add("gateway-cli-" + command + ".1"));

        Path man1 = install.resolve("share/man/man1");
        assertThat(new TreeSet<>(list(man1))).isEqualTo(expected);

        for (String page : expected) {
            String troff = Files.readString(man1.resolve(page));
            // Asciidoctor's troff escapes the hyphens of the title.
            String title = page.substring(0, page.length() - 2)
                    .toUpperCase(java.util.Locale.ROOT)
                    .replace("-", "\\-");
            assertThat(troff)
                    .as(page)
                    .startsWith("'\\\" t\n")
                    .contains(".TH \"" + title + "\" \"1\" ")
                    .contains(".SH \"NAME\"", ".SH \"SYNOPSIS\"", ".SH \"DESCRIPTION\"");
            Finished formatted = format(man1.resolve(page));
            assertThat(formatted.code())
                    .as("formatting %s: %s", page, formatted.stderr())
                    .isZero();
            assertThat(formatted.stdout()).as(page).contains("NAME", "SYNOPSIS", "gateway-cli");
        }
        String token = format(man1.resolve("gateway-cli-token.1")).stdout();
        assertThat(token).contains("--token-url", "GATEWAY_TOKEN_URL");
        assertThat(token).as("the examples stay one per line").containsPattern("(?m)^ +gateway-cli token\\s*$");

        if (Files.isExecutable(Path.of("/usr/bin/man"))) {
            // man-db derives the manual path from PATH: the installation's bin/ on it is enough.
            Finished where = run(
                    List.of("/usr/bin/man", "-w", "gateway-cli-call"),
                    Map.of(
                            "PATH",
                            install.resolve("bin") + ":/usr/bin:/bin",
                            "HOME",
                            home("man").toString()),
                    work());
            assertThat(where.code()).as(where.stderr()).isZero();
            assertThat(Path.of(where.stdout().strip())).isEqualTo(man1.resolve("gateway-cli-call.1"));
        }
    }

    /** The page as a reader sees it: man itself where installed (.ci/run installs man-db), else groff. */
    private static Finished format(Path page) throws IOException, InterruptedException {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "MANWIDTH", "100", "MANPAGER", "cat", "PAGER", "cat");
        if (Files.isExecutable(Path.of("/usr/bin/man"))) {
            return run(List.of("/usr/bin/man", "-l", page.toString()), env, work());
        }
        assertThat(Path.of("/usr/bin/groff"))
                .as("man or groff, to format the man pages (apt-get install man-db)")
                .isExecutable();
        return run(List.of("/usr/bin/groff", "-man", "-Tutf8", "-t", page.toString()), env, work());
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theCompletionScriptsAreWhatTheCompletionCommandPrintsAndBashLoadsThem() throws Exception {
        Path bash = install.resolve("share/bash-completion/completions/gateway-cli");
        Finished printed = gatewayCli(user, "completion", "bash");
        assertThat(printed.code()).as(printed.stderr()).isZero();
        assertThat(Files.readString(bash)).isEqualTo(printed.stdout());
        Finished zsh = gatewayCli(user, "completion", "zsh");
        assertThat(Files.readString(install.resolve("share/zsh/gateway-cli.zsh")))
                .isEqualTo(zsh.stdout());

        Finished loaded = run(
                List.of("bash", "-c", "source \"$0\" && complete -p gateway-cli", bash.toString()),
                Map.of("PATH", "/usr/bin:/bin"),
                work());

        assertThat(loaded.code()).as(loaded.stderr()).isZero();
        assertThat(loaded.stdout()).isEqualTo("complete -o default -F _complete_gateway-cli gateway-cli\n");
    }

    /** {@code --version} with {@code JAVA_HOME} set, the test's PATH otherwise. */
    private static Finished versionWithJavaHome(Path javaHome) throws IOException, InterruptedException {
        return run(
                List.of(install.resolve("bin/gateway-cli").toString(), "--version"),
                Map.of("PATH", path.toString(), "HOME", home("java-home").toString(), "JAVA_HOME", javaHome.toString()),
                work());
    }

    /** The launcher by name, found on the test's PATH (a link into the installation), as a user's shell runs it. */
    private static Finished gatewayCli(Path home, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(path.resolve("sh").toString(), "-c", "exec gateway-cli \"$@\"", "sh"));
        command.addAll(List.of(args));
        return run(command, Map.of("PATH", path.toString(), "HOME", home.toString()), work());
    }

    private static Finished run(List<String> command, Map<String, String> env, Path directory)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        int code = builder.start().waitFor();
        return new Finished(code, Files.readString(out), Files.readString(err));
    }

    private record Finished(int code, String stdout, String stderr) {}

    private static Path home(String name) throws IOException {
        return Files.createDirectories(root.resolve("homes").resolve(name));
    }

    /** An empty working directory outside the checkout. */
    private static Path work() throws IOException {
        return Files.createDirectories(root.resolve("work"));
    }

    private static Path which(String tool) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not in /usr/bin or /bin");
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map((f) -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The names under "Commands:" in the root's help. */
    private static List<String> commandsOf(String help) {
        List<String> commands = new ArrayList<>();
        boolean in = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                in = true;
            } else if (in && line.startsWith("  ") && !line.isBlank()) {
                String name = line.strip().split("\\s+")[0];
                if (!line.startsWith("   ")) {
                    commands.add(name);
                }
            } else if (in && !line.startsWith(" ")) {
                in = false;
            }
        }
        return commands;
    }
}
