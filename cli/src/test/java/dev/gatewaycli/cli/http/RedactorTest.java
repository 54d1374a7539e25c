package dev.gatewaycli.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one masking of everything on stderr: by value in every wire form, and by shape. */
class RedactorTest {

    static final String SECRET = "Sup3r+Secret/Value=With%Awkward+Chars";

    static final String CLIENT_ID = "client0123";

    final Redactor redactor = new Redactor();

    @Test
    void aRegisteredSecretIsMaskedAsIsFormEncodedJsonEscapedAndInsideBothBasicHeaders() {
        redactor.register(SECRET);
        redactor.registerBasic(CLIENT_ID, SECRET);
        String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        String basic = Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        String basicForm =
                Base64.getEncoder().encodeToString((CLIENT_ID + ":" + form).getBytes(StandardCharsets.UTF_8));

        for (String form2 : new String[] {
            SECRET,
            form,
            form.replace("+", "%20"),
            SECRET.replace("/", "\\/"),
            basic,
            basicForm,
            basic.replace("/", "\\/")
        }) {
            assertThat(redactor.redact("echo: [" + form2 + "]")).isEqualTo("echo: [****]");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Authorization: Basic Y2xpZW50aWQ6c2VjcmV0dmFsdWU=",
                "{\"access_token\":\"abc\\\"def\",\"x\":1}",
                "grant_type=client_credentials&client_secret=abc123&scope=x",
                "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl here",
                "at https://alice:pa55@host.example/oauth2/token failed",
                "{\"password\":\"hunter22\"}",
                "{\"AuthParameters\":{\"PASSWORD\":\"hunter22\",\"SECRET_HASH\":\"abc123=\"}}",
                "{\"AuthenticationResult\":{\"RefreshToken\":\"def\\\"x\",\"IdToken\":\"c2lnbmF0dXJl\"}}"
            })
    void secretsAreMaskedByShapeBeforeTheirValueIsKnown(String text) {
        String masked = redactor.redact(text);

        assertThat(masked)
                .contains(Redactor.MASK)
                .doesNotContain("Y2xpZW50aWQ6c2VjcmV0dmFsdWU")
                .doesNotContain("def\"")
                .doesNotContain("abc123")
                .doesNotContain("c2lnbmF0dXJl")
                .doesNotContain("pa55")
                .doesNotContain("hunter22");
    }

    @Test
    void anExcerptOfAServersTextIsMaskedBeforeItIsCutAndKeptOnOneLine() {
        redactor.register(SECRET);
        // The secret straddles the cut: cut first, its first half would no longer be recognised.
        String text = "x".repeat(Redactor.EXCERPT - 20) + "\n" + SECRET + " and more";

        String excerpt = redactor.excerpt(text);

        assertThat(excerpt).isEqualTo("x".repeat(Redactor.EXCERPT - 20) + " **** and more");
        assertThat(redactor.excerpt("y".repeat(500)))
                .hasSize(Redactor.EXCERPT + 3)
                .endsWith("...");
    }

    @Test
    void ordinaryMessagesAreLeftAlone() {
        String text = "the Basic header encoding: try --basic-encoding form; see https://host.example/a@b?x=1";

        assertThat(redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void safeStderrMasksASecretWrittenInPiecesAndEscapesControlCharacters() {
        redactor.register(SECRET);
        StringWriter sink = new StringWriter();
        PrintWriter err = SafeStderr.wrap(new PrintWriter(sink), redactor);

        err.print("first half " + SECRET.substring(0, 10));
        err.print(SECRET.substring(10) + " \u001b[2J");
        err.println();
        err.flush();

        assertThat(sink.toString()).isEqualTo("first half **** \\x1b[2J\n");
    }
}
