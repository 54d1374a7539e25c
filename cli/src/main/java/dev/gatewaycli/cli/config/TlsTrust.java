package dev.gatewaycli.cli.config;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificate authorities the CLI trusts for HTTPS: the JDK's own, plus those of a CA file ({@code --cacert},
 * {@code GATEWAY_CA_FILE}, a profile's {@code ca-file}; the emulator's {@code caFile}). A CA file only ever adds to
 * the JDK's trust: certificate and host name verification stay on for every connection, whatever is configured.
 * Every HTTP client of the CLI takes its trust from here: the JDK's ({@link #socketFactory()}), Reactor Netty's
 * ({@link #nettyContext()}), the load
 * generator's (the same rules, with the TLS implementation it chooses: {@link #nettyContext(SslProvider)}) and the
 * AWS SDK's ({@link #trustManagers()}).
 */
public final class TlsTrust {

    /**
     * Netty's switch that keeps its OpenSSL engine from loading; {@code io.netty.handler.ssl.OpenSsl} reads it once,
     * when it is first used. The CLI bundles OpenSSL for its load generator only ({@link #allowOpenSsl()}), but Netty
     * and Reactor Netty would use it everywhere once it loads: Reactor Netty's default client contexts, built on the
     * first {@code https} request of any client, pick OpenSSL when it is available. Loading it costs a one-request
     * process start-up time and, on JDK 24+, a "restricted method" warning; so unless the user set the switch, it is
     * on from the moment the CLI first deals with TLS, which is before any HTTP client exists.
     */
    static final String NO_OPENSSL = "io.netty.handler.ssl.noOpenSsl";

    /** The switch as the user gave it ({@code -D}), or null. */
    private static final String USER_NO_OPENSSL = System.getProperty(NO_OPENSSL);

    static {
        if (USER_NO_OPENSSL == null) {
            System.setProperty(NO_OPENSSL, "true");
        }
    }

    /** The JDK's trusted CAs alone. */
    public static final TlsTrust DEFAULT = new TlsTrust(null, List.of());

    /** A CA file is a few certificates; anything far larger is not one. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Path file;

    private final List<X509Certificate> added;

    private volatile X509TrustManager trustManager;

    private volatile SSLSocketFactory socketFactory;

    /** One context per TLS implementation, each built on first need and shared for its session cache. */
    private final Map<SslProvider, SslContext> nettyContexts = new ConcurrentHashMap<>();

    private TlsTrust(Path file, List<X509Certificate> added) {
        this.file = file;
        this.added = List.copyOf(added);
    }

    /**
     * The JDK's trust plus the certificates of {@code file} (PEM or DER, one or more). A file that cannot be read,
     * is too large or holds no certificate is a configuration error (exit 3) naming {@code source}.
     *
     * @param source where the file was named, for the message: {@code --cacert}, {@code GATEWAY_CA_FILE}, ...
     */
    public static TlsTrust withCaFile(Path file, String source) {
        Objects.requireNonNull(file, "file cannot be null");
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ExitException(
                        ExitCodes.CONFIG,
                        "the CA file " + file + " (" + source + ") does not exist or is not a file: "
                                + "gateway-cli local --tls prints the emulator's as caFile");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ExitException(
                        ExitCodes.CONFIG,
                        "the CA file " + file + " (" + source + ") is larger than 1 MiB: it is no certificate file");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException ex) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "cannot read the CA file " + file + " (" + source + "): "
                            + ex.getClass().getSimpleName(),
                    ex);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Collection<? extends Certificate> parsed =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            for (Certificate c : parsed) {
                if (c instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException ex) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "the CA file " + file + " (" + source + ") is not a PEM certificate file: "
                            + ex.getClass().getSimpleName(),
                    ex);
        }
        if (certificates.isEmpty()) {
            throw new ExitException(ExitCodes.CONFIG, "the CA file " + file + " (" + source + ") holds no certificate");
        }
        return new TlsTrust(file.toAbsolutePath(), certificates);
    }

    /**
     * Lets Netty load OpenSSL in this process (unless the user turned it off with {@code -D}{@value #NO_OPENSSL}).
     * Only effective before Netty's {@code OpenSsl} class is first used; for a command that drives many TLS
     * connections and asks before it sends anything.
     */
    public static void allowOpenSsl() {
        if (USER_NO_OPENSSL == null) {
            System.setProperty(NO_OPENSSL, "false");
        }
    }

    /** True when nothing is added to the JDK's trust. */
    public boolean isDefault() {
        return added.isEmpty();
    }

    /** The CA file, or null for {@link #DEFAULT}. */
    public Path file() {
        return file;
    }

    /** The certificates the CA file adds. */
    public List<X509Certificate> added() {
        return added;
    }

    /** One trust manager for the JDK's CAs and the added ones (PKIX, as the JDK's default). */
    public X509TrustManager trustManager() {
        X509TrustManager current = trustManager;
        if (current == null) {
            current = build();
            trustManager = current;
        }
        return current;
    }

    /**
     * The JDK's socket factory with this trust, for {@code HttpsURLConnection}: TLS as the JDK's default context
     * sets it up (its protocols, its certificate checks), with the CA file's certificates added. Built once per
     * process and shared, for its session cache. The host name is checked by the JDK's default host name verifier
     * (endpoint identification {@code HTTPS} during the handshake), which the CLI never replaces.
     */
    public SSLSocketFactory socketFactory() {
        SSLSocketFactory current = socketFactory;
        if (current == null) {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, isDefault() ? null : trustManagers(), null);
                current = context.getSocketFactory();
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException("cannot set up TLS: " + ex.getMessage(), ex);
            }
            socketFactory = current;
        }
        return current;
    }

    /** For the AWS SDK's {@code tlsTrustManagersProvider}. */
    public TrustManager[] trustManagers() {
        return new TrustManager[] {trustManager()};
    }

    /**
     * Netty's client context with the JDK's TLS: {@link #nettyContext(SslProvider)} with {@link SslProvider#JDK}. Named
     * explicitly because Netty's default is OpenSSL whenever its native library is on the class path, and loading
     * that library costs a one-request process start-up time (and, on JDK 24+, a "restricted method" warning).
     */
    public SslContext nettyContext() {
        return nettyContext(SslProvider.JDK);
    }

    /**
     * Netty's client context with TLS from {@code provider}: this trust, TLS 1.3 and 1.2, ALPN offering
     * {@code http/1.1} only (the CLI speaks HTTP/1.1, as API Gateway's REST APIs do). Built once per process and
     * provider and shared, so that its session cache lets a new connection to the same host resume a session instead
     * of a full handshake. Certificate verification is the trust manager's whatever the provider; the host name is
     * checked by each engine's {@code SSLParameters} (endpoint identification {@code HTTPS}), as every client of the
     * CLI sets it.
     */
    public SslContext nettyContext(SslProvider provider) {
        Objects.requireNonNull(provider, "provider cannot be null");
        return nettyContexts.computeIfAbsent(provider, this::buildNettyContext);
    }

    private SslContext buildNettyContext(SslProvider provider) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(provider)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_1_1));
            if (!isDefault()) {
                builder.trustManager(trustManager());
            }
            return builder.build();
        } catch (SSLException ex) {
            throw new IllegalStateException("cannot set up TLS: " + ex.getMessage(), ex);
        }
    }

    private X509TrustManager build() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate jdk : defaultTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + n++, jdk);
            }
            for (X509Certificate extra : added) {
                store.setCertificateEntry("added-" + n++, extra);
            }
            return x509(store);
        } catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException("cannot set up the trusted certificates: " + ex.getMessage(), ex);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        return x509(null);
    }

    private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in " + factory.getAlgorithm());
    }

    @Override
    public String toString() {
        return isDefault() ? "TlsTrust[JDK]" : "TlsTrust[JDK + " + file + "]";
    }
}
