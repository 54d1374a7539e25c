package dev.gatewaycli.cli.load;

import io.netty.handler.ssl.SslHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;

/**
 * What TLS a run over {@code https} used: the engine {@link LoadTls} chose, and the protocol and cipher suite of the
 * first handshake that completed (null while none has; every connection of a run offers the same).
 */
record TlsSummary(String engine, String protocol, String cipher) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("engine", engine);
        json.put("protocol", protocol);
        json.put("cipher", cipher);
        return json;
    }

    /** Collects the summary from the run's connections: the first handshake to complete is the one reported. */
    static final class Recorder {

        private final AtomicReference<TlsSummary> summary;

        Recorder(String engine) {
            this.summary = new AtomicReference<>(new TlsSummary(engine, null, null));
        }

        /** Records the connection's handshake when it succeeds, unless one is recorded already. */
        void watch(SslHandler handler) {
            if (summary.get().protocol() != null) {
                return;
            }
            handler.handshakeFuture().addListener((future) -> {
                if (future.isSuccess() && summary.get().protocol() == null) {
                    SSLSession session = handler.engine().getSession();
                    TlsSummary current = summary.get();
                    summary.compareAndSet(
                            current, new TlsSummary(current.engine(), session.getProtocol(), session.getCipherSuite()));
                }
            });
        }

        TlsSummary summary() {
            return summary.get();
        }
    }
}
