package dev.gatewaycli.cli.http;

import dev.gatewaycli.cli.process.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** The start of one exchange: {@code > METHOD URL} and the request's header lines, when verbose. */
    public void request(String method, Object url, Iterable<Map.Entry<String, String>> headers) {
        if (!enabled) {
            return;
        }
        StringBuilder out = new StringBuilder();
        out.append("> ").append(method).append(' ').append(url).append('\n');
        appendHeaders(out, "> ", headers);
        line(out.toString().stripTrailing());
    }

    /**
     * The answer's head: {@code < STATUS (N ms)}, the time since {@code startNanos} ({@link System#nanoTime()}), and
     * its header lines, when verbose.
     */
    public void response(int status, long startNanos, Iterable<Map.Entry<String, String>> headers) {
        if (!enabled) {
            return;
        }
        StringBuilder in = new StringBuilder();
        in.append("< ")
                .append(status)
                .append(' ')
                .append(String.format(Locale.ROOT, "(%d ms)", (System.nanoTime() - startNanos) / 1_000_000))
                .append('\n');
        appendHeaders(in, "< ", headers);
        line(in.toString().stripTrailing());
    }

    /** {@code ! METHOD URL failed: ...}, when verbose. */
    public void failed(String method, Object url, Throwable ex) {
        line("! " + method + " " + url + " failed: " + ex);
    }

    /** The WebClient filter that prints request and response heads through {@link #request} and {@link #response}. */
    public ExchangeFilterFunction filter() {
        return (request, next) -> {
            if (!enabled) {
                return next.exchange(request);
            }
            request(request.method().name(), request.url(), lines(request.headers()));
            long start = System.nanoTime();
            return next.exchange(request)
                    .doOnNext((response) -> response(
                            response.statusCode().value(),
                            start,
                            lines(response.headers().asHttpHeaders())))
                    .doOnError((ex) -> failed(request.method().name(), request.url(), ex));
        };
    }

    /** Spring's headers as lines, in order, each value on its own. */
    public static List<Map.Entry<String, String>> lines(HttpHeaders headers) {
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        headers.forEach((name, values) -> {
            for (String value : values) {
                lines.add(Map.entry(name, value));
            }
        });
        return lines;
    }

    private static void appendHeaders(StringBuilder out, String prefix, Iterable<Map.Entry<String, String>> headers) {
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            String value = header.getValue();
            String shown = name.equalsIgnoreCase("Authorization") ? Redactor.maskAuthorization(value) : value;
            out.append(prefix).append(name).append(": ").append(shown).append('\n');
        }
    }
}
