package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.config.PrivateFiles;
import dev.gatewaycli.cli.config.TlsTrust;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which TLS implementation {@code load} drives its connections with, decided here and nowhere else. OpenSSL
 * (BoringSSL, through netty-tcnative) when its native library loads on this platform: on a machine whose cores the
 * server under test shares, the client's CPU per request decides the throughput, and OpenSSL spends markedly less of
 * it than the JDK's {@code SSLEngine} (docs/performance.md, "Over HTTPS"). Otherwise, or when
 * {@code -D}{@value #PROPERTY}{@code =jdk} asks for it, the JDK's TLS; {@code =openssl} insists on OpenSSL (a
 * configuration error where it cannot load). The trust, protocols, ALPN, host name verification and
 * SNI are the same for both: {@link TlsTrust#nettyContext(SslProvider)} and {@link ConnectionLanes}.
 *
 * <p>Netty unpacks the native library into its work directory before loading it. The JVM's temporary directory is
 * shared with other users, so the work directory is the CLI's private cache ({@code $XDG_CACHE_HOME/gateway-cli/native},
 * 0700); if that cannot be had, {@code load} uses the JDK's TLS rather than a shared directory.
 */
final class LoadTls {

    /** System property: {@code auto} (the default: OpenSSL where available), {@code openssl} or {@code jdk}. */
    static final String PROPERTY = "gateway-cli.load.tls-engine";

    /** Netty's system property for where native libraries are unpacked (NativeLibraryLoader). */
    static final String NATIVE_WORKDIR = "io.netty.native.workdir";

    /** The implementation chosen and the context built with it. */
    record Engine(String name, SslContext context) {}

    private LoadTls() {}

    /**
     * The engine for an {@code https} target.
     *
     * @param trust the CLI's trust for this run
     * @param cacheDir the CLI's private cache directory, parent of the native library's work directory
     * @throws ExitException (exit 3) when {@value #PROPERTY} names no engine, or names OpenSSL where it cannot load
     */
    static Engine engine(TlsTrust trust, Path cacheDir) {
        String asked = System.getProperty(PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
        boolean openssl = switch (asked) {
            case "auto" -> openSslMissing(cacheDir) == null;
            case "jdk" -> false;
            case "openssl" -> {
                String missing = openSslMissing(cacheDir);
                if (missing != null) {
                    throw new ExitException(
                            ExitCodes.CONFIG,
                            "-D" + PROPERTY + "=openssl: OpenSSL cannot be loaded here (" + missing
                                    + "); the CLI bundles it for linux-x86_64 only");
                }
                yield true;
            }
            default ->
                throw new ExitException(
                        ExitCodes.CONFIG, "-D" + PROPERTY + "=" + asked + ": give auto, openssl or jdk");
        };
        SslProvider provider = openssl ? SslProvider.OPENSSL : SslProvider.JDK;
        return new Engine(openssl ? "openssl" : "jdk", trust.nettyContext(provider));
    }

    /** Null when OpenSSL is loaded and usable, else why not. */
    private static String openSslMissing(Path cacheDir) {
        if (System.getProperty(NATIVE_WORKDIR) == null) {
            Path workdir = cacheDir.resolve("native");
            try {
                PrivateFiles.directory(workdir);
            } catch (IOException | RuntimeException ex) {
                return "no private directory " + workdir + " to unpack it into: " + ex.getMessage();
            }
            System.setProperty(NATIVE_WORKDIR, workdir.toAbsolutePath().toString());
        }
        TlsTrust.allowOpenSsl();
        // Loads the native library on the first call in the JVM; false on platforms the CLI has none for.
        if (OpenSsl.isAvailable()) {
            return null;
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        String message = (cause == null) ? null : cause.getMessage();
        return (cause == null)
                ? "unavailable"
                : cause.getClass().getSimpleName()
                        + ((message == null)
                                ? ""
                                : ": " + message.lines().findFirst().orElse(""));
    }
}
