package dev.gatewaycli.emulator.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.TestStacks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and mutated tokens and requests thrown at the emulator: none is ever authorised, none gets a 5xx.
 * (Issue 4, "Security and bad input".)
 */
class HostileInputPropertyTest {

    static GatewayEmulator emu;
    static String token;
    static Path assets;

    @BeforeContainer
    static void start() throws IOException {
        assets = Files.createTempDirectory("hostile-input");
        emu = GatewayEmulator.builder().model(TestStacks.seed(assets)).start();
        token = Http.token(emu);
    }

    @AfterContainer
    static void stop() {
        emu.close();
    }

    @Property(tries = 300)
    void randomAuthorizationHeaderIsNeverAuthorised(@ForAll("headerValues") String value) {
        HttpResponse<String> r = Http.get(emu.apiUrl(), "Authorization", value);
        assertThat(r.statusCode()).as("random header %s, body %s", value, r.body()).isEqualTo(401);
    }

    @Property(tries = 400)
    void mutatedTokenIsNeverAuthorised(@ForAll("mutations") String mutated) {
        Assume.that(!sameDecodedToken(mutated, token)); // some base64 edits decode to the very same bytes
        HttpResponse<String> r = Http.get(emu.apiUrl(), "Authorization", mutated);
        assertThat(r.statusCode()).as("mutated token %s, body %s", mutated, r.body()).isEqualTo(401);
    }

    @Property(tries = 200)
    void randomRequestsNeverGetA5xx(@ForAll("methods") String method, @ForAll("paths") String path,
            @ForAll("headerValues") String header, @ForAll("bodies") String body) {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + path))
                .header("Authorization", header)
                .header("Content-Type", header.length() % 2 == 0 ? "application/x-www-form-urlencoded" : "text/plain")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as("%s %s, body %s", method, path, r.body()).isBetween(200, 499);
        if (r.statusCode() < 300) {
            // Only the token-free well-known documents may answer 2xx to a stranger.
            assertThat(path).contains("/.well-known/");
        }
    }

    @Property(tries = 200)
    void randomTokenRequestsNeverGetATokenOrA5xx(@ForAll("forms") String form, @ForAll("headerValues") String authorization) {
        HttpResponse<String> r = Http.postForm(emu.tokenUrl(), form, "Authorization", authorization);
        assertThat(r.statusCode()).as("form %s, body %s", form, r.body()).isBetween(400, 499);
        assertThat(r.body()).startsWith("{\"error\":\"");
    }

    @Property(tries = 100)
    void rawMalformedRequestLinesNeverGetA5xx(@ForAll("rawTargets") String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", emu.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + token + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            Assume.that(status.startsWith("HTTP/1.1 "));
            int code = Integer.parseInt(status.substring(9, 12));
            assertThat(code).as("raw target %s", target).isBetween(200, 499);
        }
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(200).map(String::strip).filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).filter(s -> !s.isEmpty()),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.").ofMinLength(1).ofMaxLength(1500),
                Arbitraries.strings().withChars("eyJ0123456789ABC._-=").ofMinLength(1).ofMaxLength(400).map(s -> "Bearer " + s),
                Arbitraries.of("Basic Og==", "Bearer", "null", "undefined", "eyJhbGciOiJub25lIn0.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ."));
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 2000);
        Arbitrary<Character> chars = Arbitraries.of('A', 'Z', 'a', 'z', '0', '9', '-', '_', '.', '=', '+', '/', '!', '{', '}', '"');
        return Arbitraries.oneOf(
                Combinators.combine(position, chars).as((p, c) -> replaceAt(token, p % token.length(), c)),
                Combinators.combine(position, chars).as((p, c) -> insertAt(token, p % token.length(), c)),
                position.map(p -> token.substring(0, p % token.length())),
                position.map(p -> token.substring(p % token.length())),
                Arbitraries.of(List.of(0, 1, 2)).map(HostileInputPropertyTest::withoutSegment),
                Arbitraries.strings().alpha().ofMaxLength(40).map(HostileInputPropertyTest::withPayloadClaim),
                Arbitraries.of("none", "HS256", "RS512", "ES256", "PS256").map(HostileInputPropertyTest::withAlg));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO");
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcxyz019-_.~%2F").ofMaxLength(12)
                .map(s -> s.replace("%", "%25"));
        return Arbitraries.oneOf(
                segment.list().ofMaxSize(5).map(l -> "/" + String.join("/", l)),
                segment.list().ofMaxSize(4).map(l -> "/prod/" + String.join("/", l)),
                Arbitraries.of("/prod/", "/prod", "/oauth2/token", "/oauth2/token/", "/prod/../prod/", "/PROD/",
                        "/" + emu.userPoolId() + "/.well-known/jwks.json", "/" + emu.userPoolId() + "/.well-known/x"));
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), Arbitraries.just(""),
                Arbitraries.just("grant_type=client_credentials"));
    }

    @Provide
    Arbitrary<String> forms() {
        Arbitrary<String> value = Arbitraries.strings().withChars("abc%+=&_/ client_credentials").ofMaxLength(40);
        return Arbitraries.oneOf(value,
                value.map(v -> "grant_type=client_credentials&client_id=" + v + "&client_secret=" + v),
                value.map(v -> "grant_type=" + v),
                value.map(v -> "grant_type=client_credentials&scope=" + v));
    }

    @Provide
    Arbitrary<String> rawTargets() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("/%zZ09prod.\\?#&=").ofMinLength(1).ofMaxLength(60).map(s -> "/" + s),
                Arbitraries.of("/prod/%", "/prod/%zz", "/prod/%C0%AF", "/prod/?a=%zz", "*", "/prod/%00", "http://x/prod/"));
    }

    private static String replaceAt(String s, int i, char c) {
        return s.substring(0, i) + c + s.substring(i + 1);
    }

    private static String insertAt(String s, int i, char c) {
        return s.substring(0, i) + c + s.substring(i);
    }

    private static String withoutSegment(int index) {
        String[] parts = token.split("\\.");
        parts[index] = "";
        return String.join(".", parts);
    }

    private static String withPayloadClaim(String value) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String changed = payload.replaceFirst("\"scope\":\"[^\"]*\"", "\"scope\":\"users/read-only " + value + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private static String withAlg(String alg) {
        String[] parts = token.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
                .replace("\"RS256\"", "\"" + alg + "\"");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + parts[1]
                + "." + parts[2];
    }

    /** Whether a mutation left every part decoding to the original bytes (then acceptance would be right). */
    private static boolean sameDecodedToken(String candidate, String original) {
        String c = candidate.strip();
        if (c.regionMatches(true, 0, "Bearer ", 0, 7)) {
            c = c.substring(7).strip();
        }
        String[] a = c.split("\\.", -1);
        String[] b = original.split("\\.", -1);
        if (a.length != 3) {
            return false;
        }
        try {
            for (int i = 0; i < 3; i++) {
                if (!Arrays.equals(new com.nimbusds.jose.util.Base64URL(a[i]).decode(), new com.nimbusds.jose.util.Base64URL(b[i]).decode())) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
