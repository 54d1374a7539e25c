package dev.gatewaycli.emulator.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDKs installed on this machine, found once per emulator without starting any: each candidate home's
 * {@code release} file says its {@code JAVA_VERSION}. A {@code javaNN} function runs on a JDK of feature version NN when
 * there is one, else on the nearest newer one, else on the emulator's own JVM (a function compiled for a newer release
 * then fails at init, as it would on an older Lambda runtime).
 *
 * <p>Where JDKs are looked for, in this order (the first of a feature version wins): the variables
 * {@code JAVA_HOME_NN} (and {@code JAVA_HOME_NN_X64}, {@code _ARM64} or {@code _arm64}, {@code _AARCH64}, as CI
 * images and {@code actions/setup-java} name them), the
 * emulator's own {@code java.home}, then the usual directories of JDKs ({@code /usr/lib/jvm/*}, {@code /usr/lib64/jvm/*},
 * {@code /usr/java/*}, {@code /opt/java/*}, {@code ~/.sdkman/candidates/java/*}, {@code ~/.jdks/*},
 * {@code /Library/Java/JavaVirtualMachines/*}{@code /Contents/Home}). A home counts only with an executable
 * {@code bin/java} and a {@code release} file whose version it can read.
 */
final class JavaHomes {

    /** One JDK: its feature version (17, 21, 25), its home, its {@code bin/java}, where it was found. */
    record Jdk(int feature, Path home, Path java, String source) {}

    /** The JDK a Java runtime runs on, and the warning to log when it is not one of that runtime's version or later. */
    record Choice(Jdk jdk, Optional<String> warning) {}

    private static final Pattern VARIABLE = Pattern.compile("JAVA_HOME_(\\d+)(_(?i:x64|arm64|aarch64))?");
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([0-9][^\"\\s]*)\"?\\s*$");

    private final Jdk own;
    private final List<Jdk> found;
    private final List<String> searched;

    private JavaHomes(Jdk own, List<Jdk> found, List<String> searched) {
        this.own = own;
        this.found = found;
        this.searched = searched;
    }

    /** The JDKs of this machine: the process's variables, its own {@code java.home}, the usual directories. */
    static JavaHomes discover() {
        String user = System.getProperty("user.home", "");
        List<Path> dirs = new ArrayList<>(List.of(
                Path.of("/usr/lib/jvm"), Path.of("/usr/lib64/jvm"), Path.of("/usr/java"), Path.of("/opt/java")));
        if (!user.isEmpty()) {
            dirs.add(Path.of(user, ".sdkman", "candidates", "java"));
            dirs.add(Path.of(user, ".jdks"));
        }
        dirs.add(Path.of("/Library/Java/JavaVirtualMachines"));
        return discover(System.getenv(), Path.of(System.getProperty("java.home")), dirs);
    }

    /**
     * The JDKs named by {@code env}'s {@code JAVA_HOME_NN} variables, {@code ownHome} and the homes in {@code
     * directories}, deduplicated by real path.
     */
    static JavaHomes discover(Map<String, String> env, Path ownHome, List<Path> directories) {
        Map<Path, Jdk> byReal = new LinkedHashMap<>();
        List<String> searched = new ArrayList<>();
        new TreeMap<>(env).forEach((name, value) -> {
            Matcher m = VARIABLE.matcher(name);
            if (m.matches() && !value.isBlank()) {
                searched.add(name);
                add(byReal, Path.of(value), name);
            }
        });
        Jdk own = add(byReal, ownHome, "the emulator's own JVM");
        if (own == null) {
            // A JVM without a release file (an unusual image): its version is the running one.
            own = new Jdk(Runtime.version().feature(), ownHome, ownHome.resolve("bin/java"), "the emulator's own JVM");
        }
        for (Path dir : directories) {
            searched.add(dir.toString());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> homes = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    homes.add(
                            Files.isDirectory(entry.resolve("Contents/Home")) ? entry.resolve("Contents/Home") : entry);
                }
            } catch (IOException | RuntimeException e) {
                continue; // unreadable: nothing found there
            }
            homes.sort(Comparator.comparing(Path::toString));
            for (Path home : homes) {
                add(byReal, home, dir.toString());
            }
        }
        return new JavaHomes(own, List.copyOf(byReal.values()), List.copyOf(searched));
    }

    private static Jdk add(Map<Path, Jdk> byReal, Path home, String source) {
        Path java = home.resolve("bin").resolve("java");
        if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
            return null;
        }
        Path real;
        try {
            real = home.toRealPath();
        } catch (IOException e) {
            return null;
        }
        Jdk known = byReal.get(real);
        if (known != null) {
            return known;
        }
        int feature = feature(home);
        if (feature < 0) {
            return null;
        }
        Jdk jdk = new Jdk(feature, home, java, source);
        byReal.put(real, jdk);
        return jdk;
    }

    /**
     * The feature version in {@code home/release} ({@code JAVA_VERSION="17.0.15"}: 17; {@code "1.8.0_412"}: 8), -1 when
     * there is none to read.
     */
    static int feature(Path home) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(home.resolve("release"));
            text = new String(bytes, 0, Math.min(bytes.length, 16384), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return -1;
        }
        String[] parts = m.group(1).split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The feature version of a Java runtime's name: {@code java21} 21, {@code java8.al2} 8. */
    static int feature(String runtime) {
        return Integer.parseInt(runtime.substring("java".length()).replaceAll("\\D.*$", ""));
    }

    /** The emulator's own JVM. */
    Jdk own() {
        return own;
    }

    /** Every JDK found, in the order of the places above. */
    List<Jdk> all() {
        return found;
    }

    /**
     * The JDK {@code runtime} ({@code javaNN}) runs on: one of version NN (the first found), else the oldest newer one,
     * else the emulator's own JVM, with a warning.
     */
    Choice choose(String runtime) {
        int wanted = feature(runtime);
        Jdk best = null;
        for (Jdk jdk : found) {
            if (jdk.feature() >= wanted && (best == null || jdk.feature() < best.feature())) {
                best = jdk;
            }
        }
        if (best != null) {
            return new Choice(best, Optional.empty());
        }
        return new Choice(
                own,
                Optional.of(runtime + " functions run on the emulator's own JVM, Java " + own.feature()
                        + " (" + own.home() + "): no JDK " + wanted + " or later was found (looked in "
                        + String.join(", ", searched) + "); a function compiled for Java " + wanted
                        + " fails at init: install a JDK " + wanted + ", set JAVA_HOME_" + wanted
                        + " to one, or FunctionSettings.withExecutable(JAVA, path)"));
    }
}
