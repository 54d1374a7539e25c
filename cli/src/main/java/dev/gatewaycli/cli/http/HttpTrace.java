package dev.gatewaycli.cli.http;

import dev.gatewaycli.cli.process.TerminalText;
import java.io.PrintWriter;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * {@code -v}: prints each HTTP exchange on stderr, curl-style ({@code >} request, {@code <} response), on a
 * {@link SafeStderr}, so every line is masked by the {@link Redactor} and safe for a terminal. Off, it prints nothing
 * and costs nothing. {@link #warning} lines are printed either way.
 */
public final class HttpTrace {

    private final PrintWriter err;

    private final Redactor redactor;

    private final boolean enabled;

    public HttpTrace(PrintWriter err, Redactor redactor, boolean enabled) {
        this.err = SafeStderr.guard(err, redactor);
        this.redactor = redactor;
        this.enabled = enabled;
    }

    public static HttpTrace off(PrintWriter err) {
        return new HttpTrace(err, new Redactor(), false);
    }

    public boolean enabled() {
        return enabled;
    }

    public Redactor redactor() {
        return redactor;
    }

    /** Prints one diagnostic line (masked) when verbose. */
    public void line(String text) {
        if (enabled) {
            print(text);
        }
    }

    /** Prints {@code gateway-cli: warning: TEXT} (masked), verbose or not: something the user should know. */
    public void warning(String text) {
        print("gateway-cli: warning: " + TerminalText.line(text));
    }

    private void print(String text) {
        synchronized (err) {
            err.println(text);
            err.flush();
        }
    }

    /** The WebClient filter that prints request and response heads. */
    public ExchangeFilterFunction filter() {
        return (request, next) -> {
            if (!enabled) {
                return next.exchange(request);
            }
            StringBuilder out = new StringBuilder();
            out.append("> ")
                    .append(request.method().name())
                    .append(' ')
                    .append(request.url())
                    .append('\n');
            appendHeaders(out, "> ", request.headers());
            line(out.toString().stripTrailing());
            long start = System.nanoTime();
            return next.exchange(request)
                    .doOnNext((response) -> {
                        StringBuilder in = new StringBuilder();
                        in.append("< ")
                                .append(response.statusCode().value())
                                .append(' ')
                                .append(String.format(Locale.ROOT, "(%d ms)", (System.nanoTime() - start) / 1_000_000))
                                .append('\n');
                        appendHeaders(in, "< ", response.headers().asHttpHeaders());
                        line(in.toString().stripTrailing());
                    })
                    .doOnError((ex) -> line("! " + request.method().name() + " " + request.url() + " failed: " + ex));
        };
    }

    private static void appendHeaders(StringBuilder out, String prefix, HttpHeaders headers) {
        headers.forEach((name, values) -> {
            for (String value : values) {
                String shown =
                        name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION) ? Redactor.maskAuthorization(value) : value;
                out.append(prefix).append(name).append(": ").append(shown).append('\n');
            }
        });
    }
}
