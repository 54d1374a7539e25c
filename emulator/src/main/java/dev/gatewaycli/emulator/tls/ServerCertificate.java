package dev.gatewaycli.emulator.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * A server's key and certificate chain (its own certificate, then the CA's), in memory only: issued by
 * {@link LocalCertificateAuthority#issue} for one emulator run.
 *
 * @param key   the server's private key
 * @param chain the server's certificate first, then its issuer's
 */
public record ServerCertificate(PrivateKey key, List<X509Certificate> chain) {

    public ServerCertificate {
        Objects.requireNonNull(key, "key cannot be null");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain cannot be empty");
        }
    }

    /** The server's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Netty's server context with this key and chain (the JDK's TLS; TLS 1.2 and 1.3). The JDK's named, not Netty's
     * default, which is OpenSSL whenever its native library is on the class path (the CLI bundles it for its load
     * generator): the emulator's TLS stays the same in every process that embeds it.
     */
    public SslContextBuilder serverContext() {
        return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2");
    }

    /** {@link #serverContext()} built. */
    public SslContext buildServerContext() {
        try {
            return serverContext().build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "ServerCertificate[" + certificate().getSubjectX500Principal() + "]";
    }
}
