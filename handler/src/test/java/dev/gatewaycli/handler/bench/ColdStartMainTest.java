package dev.gatewaycli.handler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps the benchmark honest: what it times must be a real invocation that produces the real body. */
class ColdStartMainTest {

    @Test
    void mainWhenRunThenPrintsTheSeedBodyOnOneLine() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ColdStartMain.main(new String[0]);
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .as("what bench/handler-cold-start.sh checks before timing")
                .isEqualTo("{\"content\":\"Hello from the Lambda function!\"}" + System.lineSeparator());
    }

    @Test
    void authorizedGetRootWhenBuiltThenCarriesClaimsAsApiGatewaySendsThem() {
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = (Map<String, Object>) ColdStartMain.authorizedGetRoot()
                .getRequestContext()
                .getAuthorizer()
                .get("claims");

        assertThat(claims)
                .as("claims of the benchmark's event")
                .containsEntry("scope", "users/read-only")
                .containsEntry("token_use", "access")
                .containsEntry("version", "2");
        assertThat(claims.values())
                .as("every claim a string, as API Gateway sends them")
                .allMatch(String.class::isInstance);
    }
}
