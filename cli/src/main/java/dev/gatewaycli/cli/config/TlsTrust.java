package dev.gatewaycli.cli.config;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
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
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificate authorities the CLI trusts for HTTPS: the JDK's own, plus those of a CA file ({@code --cacert},
 * {@code GATEWAY_CA_FILE}, a profile's {@code ca-file}; the emulator's {@code caFile}). A CA file only ever adds to
 * the JDK's trust: certificate and host name verification stay on for every connection, whatever is configured.
 * Every HTTP client of the CLI takes its trust from here: Reactor Netty's ({@link #nettyContext()}), the load
 * generator's bare Netty lanes (the same context) and the AWS SDK's ({@link #trustManagers()}).
 */
public final class TlsTrust {

    /** The JDK's trusted CAs alone. */
    public static final TlsTrust DEFAULT = new TlsTrust(null, List.of());

    /** A CA file is a few certificates; anything far larger is not one. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Path file;

    private final List<X509Certificate> added;

    private volatile X509TrustManager trustManager;

    private volatile SslContext nettyContext;

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

    /** For the AWS SDK's {@code tlsTrustManagersProvider}. */
    public TrustManager[] trustManagers() {
        return new TrustManager[] {trustManager()};
    }

    /**
     * Netty's client context: this trust, TLS 1.3 and 1.2, ALPN offering {@code http/1.1} only (the CLI speaks
     * HTTP/1.1, as API Gateway's REST APIs do). Built once per process and shared, so that its session cache lets a
     * new connection to the same host resume a session instead of a full handshake.
     */
    public SslContext nettyContext() {
        SslContext current = nettyContext;
        if (current == null) {
            synchronized (this) {
                current = nettyContext;
                if (current == null) {
                    try {
                        SslContextBuilder builder = SslContextBuilder.forClient()
                                .protocols("TLSv1.3", "TLSv1.2")
                                .applicationProtocolConfig(new ApplicationProtocolConfig(
                                        ApplicationProtocolConfig.Protocol.ALPN,
                                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                        ApplicationProtocolNames.HTTP_1_1));
                        if (!isDefault()) {
                            builder.trustManager(trustManager());
                        }
                        current = builder.build();
                    } catch (SSLException ex) {
                        throw new IllegalStateException("cannot set up TLS: " + ex.getMessage(), ex);
                    }
                    nettyContext = current;
                }
            }
        }
        return current;
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
