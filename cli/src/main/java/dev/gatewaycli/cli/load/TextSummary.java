package dev.gatewaycli.cli.load;

import java.util.Locale;
import java.util.Map;

/** The text summary on stdout: what a person reads after a run, in the order they look for it. */
final class TextSummary {

    private TextSummary() {}

    static String render(LoadResult r) {
        StringBuilder out = new StringBuilder();
        String model = (r.rate() > 0)
                ? String.format(
                        Locale.ROOT,
                        "open model, %s req/s scheduled, latency from intended start",
                        LoadReport.num(r.rate(), 1))
                : "closed model";
        out.append(String.format(Locale.ROOT, "%s %s%n", r.method(), r.url()));
        out.append(String.format(
                Locale.ROOT,
                "  %s, %d connections%s%n",
                model,
                r.concurrency(),
                r.interrupted() ? ", INTERRUPTED: figures so far" : ""));
        if (r.tls() != null) {
            TlsSummary tls = r.tls();
            out.append(String.format(
                    Locale.ROOT,
                    "  TLS: %s (%s engine)%n",
                    (tls.protocol() == null) ? "no handshake completed" : tls.protocol() + ", " + tls.cipher(),
                    tls.engine().equals("openssl") ? "OpenSSL" : "JDK"));
        }
        out.append(String.format(
                Locale.ROOT, "%nRequests:   %,d in %.2f s, %,.1f req/s%n", r.requests(), r.seconds(), r.throughput()));
        out.append(String.format(Locale.ROOT, "Succeeded:  %,d (2xx)%nFailed:     %,d%n", r.succeeded(), r.failed()));
        out.append(String.format(Locale.ROOT, "%nLatency (ms), %,d answers:%n", r.responses()));
        for (Map.Entry<String, Double> p : LoadResult.PERCENTILES.entrySet()) {
            out.append(String.format(Locale.ROOT, "  %-6s %10.3f%n", p.getKey(), r.latencyMs(p.getValue())));
        }
        out.append(String.format(Locale.ROOT, "  %-6s %10.3f%n", "mean", r.meanMs()));
        out.append(String.format(Locale.ROOT, "%nStatus codes:%n"));
        long[] counts = r.statusCounts();
        boolean any = false;
        for (int status = 0; status < counts.length; status++) {
            if (counts[status] > 0) {
                out.append(String.format(Locale.ROOT, "  %d  %,d%n", status, counts[status]));
                any = true;
            }
        }
        if (!any) {
            out.append("  (no answers)\n");
        }
        if (r.errorCount() > 0) {
            out.append(String.format(Locale.ROOT, "%nNo answer:%n"));
            r.errors().forEach((kind, count) -> {
                if (count > 0) {
                    out.append(String.format(Locale.ROOT, "  %-15s %,d%n", kind.name(), count));
                }
            });
        }
        if (r.tokenRenewals() > 0) {
            out.append(String.format(Locale.ROOT, "%nToken renewed %d time(s) during the run.%n", r.tokenRenewals()));
        }
        return out.toString();
    }
}
