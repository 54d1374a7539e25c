package dev.gatewaycli.emulator.lambda;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The main class of the JVM that makes {@link ClassDataArchive}: it loads (without initialising) every class of every
 * jar on its class path but its own, so that {@code -XX:ArchiveClassesAtExit} writes them all into the archive. It runs
 * in its own JVM, on the Java runtime's class path, and uses nothing but the JDK.
 */
public final class ClassDataTrainer {

    private ClassDataTrainer() {}

    public static void main(String[] args) throws IOException {
        String own = ClassDataTrainer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath();
        ClassLoader loader = ClassDataTrainer.class.getClassLoader();
        int loaded = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty() || new File(entry).getAbsolutePath().equals(new File(own).getAbsolutePath())) {
                continue;
            }
            try (ZipFile jar = new ZipFile(entry)) {
                for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (!name.endsWith(".class")
                            || name.startsWith("META-INF/")
                            || name.endsWith("module-info.class")) {
                        continue;
                    }
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (LinkageError | ClassNotFoundException ignored) {
                        // A class whose optional dependency is absent is not archived, and is not loaded at run time.
                    }
                }
            }
        }
        System.out.println(loaded + " classes loaded");
    }
}
