package dev.gatewaycli.cli.load;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --report} page as a browser shows it: Debian's headless Chromium loads the file, and the DOM it built
 * and the picture it drew are checked against the run's {@code -o json} summary. Chromium must be installed
 * ({@code .ci/run} installs it); without it this test fails, it does not skip.
 */
class LoadReportBrowserTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    /** Where the last screenshot is kept (docs/load-report.png is a copy of one). */
    static final Path OUTPUT = Path.of("target", "load-report");

    static Path chromium;

    @TempDir
    Path home;

    @BeforeAll
    static void findChromium() {
        String override = System.getenv("CHROMIUM");
        List<String> candidates = (override != null)
                ? List.of(override)
                : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        chromium = candidates.stream()
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        if (chromium == null) {
            fail("headless Chromium is needed to check the HTML report, and none of " + candidates + " exists: run "
                    + ".ci/run (it installs Debian's chromium), or apt-get install chromium, or set CHROMIUM=/path");
        }
    }

    @Test
    void reportWhenOpenedInChromiumThenChartsRenderTheSummaryNumbers() throws Exception {
        TestCli cli = new TestCli(home).endpoints(aws.baseUrl(), "1example23456789abcdefghij", "s3cr3t-s3cr3t");
        aws.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(TestTokens.tokenResponse(
                                TestTokens.accessToken("1example23456789abcdefghij", List.of("users/read-only"), 3600),
                                3600))));
        aws.stubFor(get(urlEqualTo("/prod/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"content\":\"Hello from the Lambda function!\"}")
                        .withUniformRandomDelay(5, 40)));
        Files.createDirectories(OUTPUT);
        Path report = OUTPUT.resolve("report.html").toAbsolutePath();
        Path screenshot = OUTPUT.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(report);
        Files.deleteIfExists(screenshot);

        Result result = cli.run(
                "load", "--rate", "100", "--duration", "3s", "-c", "8", "--report", report.toString(), "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Map<String, Object> json = JSONObjectUtils.parse(result.out().trim());
        String html = Files.readString(report);
        assertThat(html)
                .as("self-contained: nothing to fetch")
                .doesNotContainPattern("(?i)\\s(src|href)\\s*=")
                .doesNotContain("<link")
                .doesNotContain("@import")
                .doesNotContain("url(");

        String dom = chromium(report, "--dump-dom");
        assertThat(dom).as("Chromium built the page").contains("<svg").contains("id=\"latency-distribution\"");

        // The summary table shows the JSON's numbers.
        Map<String, Object> latency = LoadCommandTest.object(json, "latencyMs");
        for (String label : LoadResult.PERCENTILES.keySet()) {
            assertThat(dataValue(dom, "summary-" + label.replace('.', '_')))
                    .as("summary table %s equals the JSON", label)
                    .isEqualTo(((Number) latency.get(label)).doubleValue());
        }
        assertThat(dataValue(dom, "summary-requests")).isEqualTo(LoadCommandTest.number(json, "requests"));
        assertThat(dataValue(dom, "summary-throughput")).isEqualTo(LoadCommandTest.number(json, "throughput"));

        // The percentile chart marks p50 ... max at the JSON's values.
        List<Map<String, String>> markers = elements(dom, "g", "marker");
        assertThat(markers).as("one marker per summary percentile").hasSize(LoadResult.PERCENTILES.size());
        for (Map<String, String> marker : markers) {
            assertThat(Double.parseDouble(marker.get("data-ms")))
                    .as("marker %s", marker.get("data-label"))
                    .isEqualTo(((Number) latency.get(marker.get("data-label"))).doubleValue());
        }
        List<Map<String, String>> curve = elements(dom, "polyline", "series").stream()
                .filter((e) -> "distribution".equals(e.get("data-series")))
                .toList();
        assertThat(curve).hasSize(1);
        assertThat(curve.get(0).get("points").split(" "))
                .as("the percentile curve has points")
                .hasSizeGreaterThan(10);

        // Throughput over time: a bar per interval of the JSON, at its throughput.
        List<?> intervals = (List<?>) json.get("intervals");
        List<Map<String, String>> bars = elements(dom, "rect", "bar");
        assertThat(bars).as("a bar per interval").hasSize(intervals.size());
        for (int i = 0; i < intervals.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> interval = (Map<String, Object>) intervals.get(i);
            assertThat(Double.parseDouble(bars.get(i).get("data-throughput")))
                    .as("bar %d", i)
                    .isEqualTo(((Number) interval.get("throughput")).doubleValue());
            assertThat(Double.parseDouble(bars.get(i).get("height")))
                    .as("bar %d is drawn", i)
                    .isPositive();
        }
        // Latency over time: the p99 line goes through each interval's p99.
        Map<String, String> p99Line = elements(dom, "polyline", "series").stream()
                .filter((e) -> "p99".equals(e.get("data-series")))
                .findFirst()
                .orElseThrow();
        List<Double> expectedP99 = new ArrayList<>();
        for (Object interval : intervals) {
            Map<?, ?> second = (Map<?, ?>) interval;
            if (((Number) second.get("responses")).longValue() > 0) {
                expectedP99.add(((Number) second.get("p99")).doubleValue());
            }
        }
        assertThat(List.of(p99Line.get("data-values").split(" ")).stream()
                        .map(Double::valueOf)
                        .toList())
                .isEqualTo(expectedP99);

        // And the picture: non-trivial, with the chart colours on it.
        chromium(report, "--screenshot=" + screenshot, "--window-size=1000,1400");
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image).as("Chromium wrote a PNG screenshot").isNotNull();
        assertThat(fractionNotWhite(image)).as("the screenshot is not blank").isGreaterThan(0.03);
        assertThat(pixelsNear(image, LoadReport.BARS))
                .as("throughput bars are drawn")
                .isGreaterThan(500);
        assertThat(pixelsNear(image, LoadReport.P99))
                .as("the p99 / percentile lines are drawn")
                .isGreaterThan(200);
    }

    /** Runs headless Chromium on the file with no network and no profile of the user. */
    private String chromium(Path file, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(home, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add(file.toUri().toString());
        Path out = home.resolve("chromium.out");
        Path err = home.resolve("chromium.err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish in 120 s: " + command);
        }
        assertThat(process.exitValue())
                .as("Chromium's exit code; stderr:\n" + Files.readString(err))
                .isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static double dataValue(String dom, String id) {
        Matcher m = Pattern.compile("<td id=\"" + Pattern.quote(id) + "\" data-value=\"([^\"]*)\"")
                .matcher(dom);
        assertThat(m.find()).as("the summary table has #%s", id).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The attributes of every {@code <tag class="cls" ...>} in document order. */
    private static List<Map<String, String>> elements(String dom, String tag, String cls) {
        List<Map<String, String>> found = new ArrayList<>();
        Matcher element = Pattern.compile("<" + tag + "\\s([^>]*)>").matcher(dom);
        Pattern attribute = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");
        while (element.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = attribute.matcher(element.group(1));
            while (a.find()) {
                attributes.put(a.group(1), a.group(2));
            }
            if (cls.equals(attributes.get("class"))) {
                found.add(attributes);
            }
        }
        return found;
    }

    private static double fractionNotWhite(BufferedImage image) {
        long notWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    notWhite++;
                }
            }
        }
        return notWhite / (double) (image.getWidth() * image.getHeight());
    }

    private static long pixelsNear(BufferedImage image, String hex) {
        int target = Integer.parseInt(hex.substring(1), 16);
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int dr = ((rgb >> 16) & 0xFF) - ((target >> 16) & 0xFF);
                int dg = ((rgb >> 8) & 0xFF) - ((target >> 8) & 0xFF);
                int db = (rgb & 0xFF) - (target & 0xFF);
                if (Math.abs(dr) + Math.abs(dg) + Math.abs(db) < 30) {
                    count++;
                }
            }
        }
        return count;
    }

    static {
        // AWT must not look for a display: only PNG decoding is used.
        System.setProperty("java.awt.headless", "true");
    }
}
