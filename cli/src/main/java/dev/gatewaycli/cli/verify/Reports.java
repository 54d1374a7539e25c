package dev.gatewaycli.cli.verify;

import dev.gatewaycli.cli.JsonText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import picocli.CommandLine.Help.Ansi;

/**
 * The three renderings of a verify run, all made from the same (already masked) {@link CheckResult}s: a table for
 * people, one JSON document for scripts, JUnit XML for CI systems (Jenkins, GitLab, GitHub test reporters read the
 * Ant/Jenkins {@code junit-10.xsd} shape: one {@code <testsuite>}, a {@code <testcase>} per check, with
 * {@code <failure>} or {@code <skipped>}).
 */
public final class Reports {

    public static final String SUITE_NAME = "gateway-cli verify";

    private Reports() {}

    /** The table, with the verdicts coloured when {@code colour} (a terminal, and {@code NO_COLOR} unset). */
    public static String table(List<CheckResult> results, Duration total, boolean colour) {
        int nameWidth = Math.max(
                "CHECK".length(),
                results.stream().mapToInt((r) -> r.name().length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%3s  %-" + nameWidth + "s  %-7s  %8s  %s%n",
                "#",
                "CHECK",
                "VERDICT",
                "TIME",
                "EVIDENCE"));
        for (CheckResult r : results) {
            // Padded before colouring: escape sequences have no width on screen but would count in %-7s.
            String verdict = String.format(Locale.ROOT, "%-7s", r.verdict().name());
            out.append(String.format(
                    Locale.ROOT,
                    "%3d  %-" + nameWidth + "s  %s  %8s  %s%n",
                    r.number(),
                    r.name(),
                    colour ? paint(r.verdict(), verdict) : verdict,
                    duration(r.duration()),
                    r.summary()));
        }
        out.append(String.format(Locale.ROOT, "%n%s in %s%n", counts(results), duration(total)));
        return out.toString();
    }

    private static String paint(Verdict verdict, String text) {
        String style = switch (verdict) {
            case PASS -> "green";
            case FAIL -> "red,bold";
            case SKIP -> "yellow";
        };
        return Ansi.ON.string("@|" + style + " " + text + "|@");
    }

    /** "10 passed, 0 failed, 1 skipped". */
    public static String counts(List<CheckResult> results) {
        return count(results, Verdict.PASS) + " passed, " + count(results, Verdict.FAIL) + " failed, "
                + count(results, Verdict.SKIP) + " skipped";
    }

    static long count(List<CheckResult> results, Verdict verdict) {
        return results.stream().filter((r) -> r.verdict() == verdict).count();
    }

    private static String duration(Duration d) {
        long ms = d.toMillis();
        return (ms < 10_000) ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** One JSON document: the target, the outcome, the counts and every check with its evidence. */
    public static String json(List<CheckResult> results, Duration total, Map<String, Object> target) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", SUITE_NAME);
        json.put("passed", count(results, Verdict.FAIL) == 0);
        json.put("target", target);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("pass", count(results, Verdict.PASS));
        counts.put("fail", count(results, Verdict.FAIL));
        counts.put("skip", count(results, Verdict.SKIP));
        json.put("counts", counts);
        json.put("durationMs", total.toMillis());
        json.put("checks", results.stream().map(Reports::check).toList());
        return JsonText.compact(json);
    }

    private static Map<String, Object> check(CheckResult r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("number", r.number());
        json.put("name", r.name());
        json.put("title", r.title());
        json.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
        json.put("durationMs", r.duration().toMillis());
        json.put("summary", r.summary());
        json.put("evidence", r.evidence());
        return json;
    }

    /** Writes the JUnit XML report. */
    public static void junit(
            Path file, List<CheckResult> results, Duration total, Instant started, Map<String, Object> target)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", SUITE_NAME);
            xml.writeAttribute("tests", String.valueOf(results.size()));
            xml.writeAttribute("failures", String.valueOf(count(results, Verdict.FAIL)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", String.valueOf(count(results, Verdict.SKIP)));
            xml.writeAttribute("time", seconds(total));
            xml.writeAttribute(
                    "timestamp",
                    started.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
            xml.writeCharacters("\n  ");
            xml.writeStartElement("properties");
            for (Map.Entry<String, Object> entry : target.entrySet()) {
                if (entry.getValue() != null) {
                    xml.writeCharacters("\n    ");
                    xml.writeEmptyElement("property");
                    xml.writeAttribute("name", entry.getKey());
                    xml.writeAttribute("value", Excerpts.of(String.valueOf(entry.getValue())));
                }
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            for (CheckResult r : results) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", SUITE_NAME);
                xml.writeAttribute("name", String.format(Locale.ROOT, "%02d %s", r.number(), r.name()));
                xml.writeAttribute("time", seconds(r.duration()));
                if (r.verdict() == Verdict.FAIL) {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", Excerpts.of(r.summary()));
                    xml.writeAttribute("type", r.cause().name().toLowerCase(Locale.ROOT));
                    xml.writeCharacters(text(r));
                    xml.writeEndElement();
                } else if (r.verdict() == Verdict.SKIP) {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("skipped");
                    xml.writeAttribute("message", Excerpts.of(r.summary()));
                    xml.writeEndElement();
                }
                xml.writeCharacters("\n    ");
                xml.writeStartElement("system-out");
                xml.writeCharacters(text(r));
                xml.writeEndElement();
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    /** The check, its summary and evidence as text (XML-safe: every value went through {@link Excerpts}). */
    private static String text(CheckResult r) {
        StringBuilder text = new StringBuilder();
        text.append(r.title())
                .append('\n')
                .append(Excerpts.of(r.summary(), 4000))
                .append('\n');
        r.evidence()
                .forEach((key, value) -> text.append(key)
                        .append(": ")
                        .append(Excerpts.of(String.valueOf(value), 4000))
                        .append('\n'));
        return text.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
