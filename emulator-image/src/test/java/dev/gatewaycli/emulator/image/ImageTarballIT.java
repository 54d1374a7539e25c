package dev.gatewaycli.emulator.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.standalone.RunningEmulator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image tarball as {@code docker load} reads it, checked without a container engine: its manifest, its config
 * (entrypoint, port, volume, user), its layers unpacked in order into a root filesystem, the entrypoint's files and
 * every shared library they need resolved there by the image's own dynamic linker, and then the emulator started
 * from that root in a chroot (with /proc and /dev as an engine provides them), the cloud assembly bind-mounted at
 * /assembly as the volume would be: a token fetched and the Java function called, a Node.js function run by the
 * image's node.
 */
class ImageTarballIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Path TARBALL = Path.of(System.getProperty("gatewaycli.image.tar"));

    @TempDir
    static Path scratch;

    static Path rootfs;

    static JsonNode manifest;

    static JsonNode config;

    @BeforeAll
    static void unpack() throws Exception {
        Path image = Files.createDirectories(scratch.resolve("image"));
        run(List.of("tar", "-xf", TARBALL.toString(), "-C", image.toString()));
        manifest = JSON.readTree(Files.readString(image.resolve("manifest.json")));
        config = JSON.readTree(
                Files.readString(image.resolve(manifest.path(0).path("Config").asString())));
        rootfs = Files.createDirectories(scratch.resolve("rootfs"));
        for (JsonNode layer : manifest.path(0).path("Layers")) {
            // Docker's layers are tar archives (Jib gzips them); applied in order, later ones over earlier ones.
            run(List.of("tar", "-xzf", image.resolve(layer.asString()).toString(), "-C", rootfs.toString()));
        }
    }

    @Test
    void theManifestNamesTheImageItsConfigAndItsLayers() throws IOException {
        assertThat(manifest.isArray()).isTrue();
        assertThat(manifest.size()).isEqualTo(1);
        assertThat(manifest.path(0).path("RepoTags").path(0).asString())
                .isEqualTo(System.getProperty("gatewaycli.image.name"));
        List<String> layers = new ArrayList<>();
        manifest.path(0).path("Layers").forEach((layer) -> layers.add(layer.asString()));
        assertThat(layers).hasSizeGreaterThanOrEqualTo(2);
        assertThat(config.path("rootfs").path("diff_ids").size()).isEqualTo(layers.size());
        assertThat(config.path("os").asString()).isEqualTo("linux");
        assertThat(config.path("architecture").asString())
                .isEqualTo(System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64");
    }

    @Test
    void theConfigRunsTheEmulatorOnEveryInterfaceAsANonRootUserWithTheAssemblyVolume() {
        JsonNode container = config.path("config");

        assertThat(strings(container.path("Entrypoint")))
                .containsExactly(
                        "/opt/java/openjdk/bin/java",
                        "-XX:+UseSerialGC",
                        "-XX:MaxRAMPercentage=75",
                        "-jar",
                        "/opt/gateway-emulator/gateway-emulator.jar",
                        "--host",
                        "0.0.0.0",
                        "--port",
                        "8787");
        assertThat(strings(container.path("Cmd"))).containsExactly("--cloud-assembly", "/assembly");
        assertThat(names(container.path("ExposedPorts"))).containsExactly("8787/tcp");
        assertThat(names(container.path("Volumes"))).containsExactly("/assembly");
        assertThat(container.path("User").asString()).isEqualTo("65532:65532");
        assertThat(strings(container.path("Env")))
                .contains(
                        "JAVA_HOME=/opt/java/openjdk",
                        "HOME=/home/emulator",
                        "PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void theEntrypointsFilesAndTheUserAreInTheLayers() throws IOException {
        Path java = rootfs.resolve("opt/java/openjdk/bin/java");
        assertThat(Files.isExecutable(java)).as("%s executable", java).isTrue();
        assertThat(rootfs.resolve("opt/gateway-emulator/gateway-emulator.jar")).isRegularFile();
        assertThat(rootfs.resolve("opt/java/openjdk/lib/server/libjvm.so")).isRegularFile();
        assertThat(rootfs.resolve("opt/java/openjdk/lib/server/classes.jsa"))
                .as("the runtime's default CDS archive")
                .isRegularFile();
        assertThat(Files.getPosixFilePermissions(rootfs.resolve("usr/local/bin/node")))
                .as("node, on the image's PATH")
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.readString(rootfs.resolve("etc/passwd")))
                .contains("emulator:x:65532:65532:gateway emulator:/home/emulator:");
        assertThat(Files.readString(rootfs.resolve("etc/group"))).contains("emulator:x:65532:");
        Path interpreter = rootfs.resolve(elfInterpreter(java).substring(1));
        assertThat(Files.isRegularFile(interpreter))
                .as("the dynamic linker the JVM names, %s, is in the image", interpreter)
                .isTrue();
        assertThat(Files.isExecutable(interpreter)).isTrue();
        for (String writable : List.of("tmp", "home/emulator")) {
            assertThat(Files.getPosixFilePermissions(rootfs.resolve(writable)))
                    .as("/%s writable by the image's user", writable)
                    .isEqualTo(PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void everySharedLibraryOfTheRuntimeResolvesInsideTheImage() throws Exception {
        Path runtime = rootfs.resolve("opt/java/openjdk");
        List<Path> elves = new ArrayList<>();
        try (Stream<Path> files = Files.walk(runtime)) {
            files.filter(Files::isRegularFile)
                    .filter((f) -> f.getFileName().toString().endsWith(".so")
                            || f.getParent().getFileName().toString().equals("bin"))
                    .forEach(elves::add);
        }
        assertThat(elves).hasSizeGreaterThan(10);
        elves.add(rootfs.resolve("usr/local/bin/node"));
        String interpreter = elfInterpreter(runtime.resolve("bin/java"));
        for (Path elf : elves) {
            String inImage = "/" + rootfs.relativize(elf);
            // The image's own dynamic linker lists what it would load, from the image's own directories.
            Finished listed = chroot(List.of(
                    interpreter,
                    "--library-path",
                    "/opt/java/openjdk/lib:/opt/java/openjdk/lib/server",
                    "--list",
                    inImage));
            assertThat(listed.code()).as("%s: %s", inImage, listed.output()).isZero();
            assertThat(listed.output()).as(inImage).doesNotContain("not found");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theEntrypointServesTheMountedAssemblyAndRunsItsJavaFunction() throws Exception {
        Path assembly = Path.of(System.getProperty("gatewaycli.stack.assembly"));
        assertThat(assembly.resolve("manifest.json")).as("the stack's cdk.out").isRegularFile();
        // The image's default command (--cloud-assembly /assembly), then a free port instead of 8787.
        List<String> command = imageCommand();
        command.addAll(List.of("--port", "0"));

        try (RunningEmulator emulator =
                RunningEmulator.start(container(command, assembly), scratch.resolve("assembly.stderr"))) {
            HttpResponse<String> response = emulator.get("", emulator.clientCredentialsToken("users/read-only"));

            assertThat(response.statusCode())
                    .as("stderr:\n%s", emulator.stderr())
                    .isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
            assertThat(emulator.stderr())
                    .as("the warning for a bind to every interface")
                    .contains("emulator: listening on 0.0.0.0, reachable from other machines");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theImagesNodeRunsANodeFunctionOfTheMountedAssembly() throws Exception {
        Path assembly = Path.of(System.getProperty("gatewaycli.testapps.dir"), "node-hello");
        List<String> command = imageCommand();
        command.addAll(List.of("--port", "0"));

        try (RunningEmulator emulator =
                RunningEmulator.start(container(command, assembly), scratch.resolve("node.stderr"))) {
            // The app's API has no authorizer: the header is not looked at.
            HttpResponse<String> response = emulator.get("", "none");

            assertThat(response.statusCode())
                    .as("%s; stderr:\n%s", response.body(), emulator.stderr())
                    .isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aPythonFunctionNeedsABaseWithPythonAndSaysSoOnOneLine() throws Exception {
        Path assembly = Path.of(System.getProperty("gatewaycli.testapps.dir"), "runtimes");
        List<String> command = imageCommand();

        Process process = container(command, assembly).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isEqualTo(6);
        assertThat(output.strip().lines()).hasSize(1);
        assertThat(output).startsWith("emulator: ").contains("or python3, which is not on PATH");
    }

    /** What an engine runs for {@code docker run IMAGE} without arguments: the entrypoint, then the command. */
    private static List<String> imageCommand() {
        List<String> command = new ArrayList<>(strings(config.path("config").path("Entrypoint")));
        command.addAll(strings(config.path("config").path("Cmd")));
        return command;
    }

    /**
     * {@code command} run as the image would run it: the image's root, /proc and /dev mounted as an engine mounts
     * them, {@code assembly} at /assembly, the image's environment and user. Needs root (as CI runs), else a user
     * namespace in which this user is root.
     */
    private static ProcessBuilder container(List<String> command, Path assembly) throws IOException {
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("dev"));
        StringBuilder script = new StringBuilder("set -e; ")
                .append("mount -t proc proc \"$0/proc\"; ")
                .append("mount --rbind /dev \"$0/dev\"; ")
                .append("mount --bind -o ro \"$1\" \"$0/assembly\"; ")
                .append("shift; exec \"$@\"");
        List<String> full = new ArrayList<>(namespace());
        full.addAll(List.of("sh", "-c", script.toString(), rootfs.toString(), assembly.toString(), "env", "-i"));
        strings(config.path("config").path("Env")).forEach(full::add);
        full.add("/usr/sbin/chroot");
        if (isRoot()) {
            full.add("--userspec=" + config.path("config").path("User").asString());
        }
        full.add(rootfs.toString());
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    /** A mount namespace of its own (the mounts vanish with the process); without root, a user namespace too. */
    private static List<String> namespace() {
        return isRoot()
                ? List.of("unshare", "--mount")
                : List.of("unshare", "--user", "--map-root-user", "--mount", "--pid", "--fork", "--kill-child=SIGTERM");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Finished chroot(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(isRoot() ? List.of() : List.of("unshare", "--user", "--map-root-user"));
        full.add("/usr/sbin/chroot");
        full.add(rootfs.toString());
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Finished(process.waitFor(), output);
    }

    private record Finished(int code, String output) {}

    /** The PT_INTERP of a 64-bit little-endian ELF file: the dynamic linker it asks the kernel for. */
    private static String elfInterpreter(Path elf) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(elf.toFile(), "r")) {
            byte[] header = new byte[64];
            file.readFully(header);
            assertThat(new String(header, 1, 3, StandardCharsets.US_ASCII))
                    .as("%s is ELF", elf)
                    .isEqualTo("ELF");
            assertThat(header[4]).as("%s is 64-bit", elf).isEqualTo((byte) 2);
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            long phoff = h.getLong(0x20);
            int phentsize = Short.toUnsignedInt(h.getShort(0x36));
            int phnum = Short.toUnsignedInt(h.getShort(0x38));
            for (int i = 0; i < phnum; i++) {
                byte[] entry = new byte[phentsize];
                file.seek(phoff + (long) i * phentsize);
                file.readFully(entry);
                ByteBuffer p = ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
                if (p.getInt(0) == 3) { // PT_INTERP
                    byte[] name = new byte[(int) p.getLong(0x20) - 1]; // p_filesz, without the NUL
                    file.seek(p.getLong(0x08)); // p_offset
                    file.readFully(name);
                    return new String(name, StandardCharsets.US_ASCII);
                }
            }
        }
        throw new AssertionError(elf + " names no dynamic linker (PT_INTERP)");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach((node) -> out.add(node.asString()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        Map<String, Boolean> names = new TreeMap<>();
        object.propertyNames().forEach((name) -> names.put(name, true));
        return new ArrayList<>(names.keySet());
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
    }
}
