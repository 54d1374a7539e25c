package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SAM CLI's {@code --env-vars} shape: which entry reaches which function, and what is refused. */
class EnvironmentOverridesTest {

    static EnvironmentOverrides parse(String json) {
        return EnvironmentOverrides.parse(json.getBytes(StandardCharsets.UTF_8), "env.json");
    }

    @Test
    void forFunctionWhenSeveralEntriesNameItThenLogicalIdWinsOverConstructOverNameOverParameters() {
        EnvironmentOverrides o = parse("""
                {"Parameters": {"AA": "parameters", "BB": "parameters", "CC": "parameters", "DD": "parameters", "ONLY": "p"},
                 "my-function": {"AA": "name", "BB": "name", "CC": "name"},
                 "Hello": {"AA": "construct id", "BB": "construct id"},
                 "HelloABC123": {"AA": "logical id"},
                 "Other": {"AA": "someone else's"}}
                """);
        assertThat(o.forFunction("HelloABC123", "my-function", "Stack/Hello"))
                .containsEntry("AA", "logical id")
                .containsEntry("BB", "construct id")
                .containsEntry("CC", "name")
                .containsEntry("DD", "parameters")
                .containsEntry("ONLY", "p")
                .hasSize(5);
        assertThat(o.parameters()).containsEntry("ONLY", "p");
        assertThat(o.forFunction("Unrelated", "unrelated", "")).containsEntry("AA", "parameters");
    }

    @Test
    void parseWhenNumbersAndBooleansThenTheirText() {
        assertThat(parse("{\"Parameters\": {\"PORT\": 8000, \"DEBUG\": true}}").parameters())
                .containsEntry("PORT", "8000")
                .containsEntry("DEBUG", "true");
    }

    @Test
    void parseWhenCredentialsThenAllowedForLocalServices() {
        assertThat(parse("{\"Parameters\": {\"AWS_ACCESS_KEY_ID\": \"local\", \"AWS_REGION\": \"eu-west-1\"}}")
                        .parameters())
                .containsEntry("AWS_ACCESS_KEY_ID", "local")
                .containsEntry("AWS_REGION", "eu-west-1");
    }

    @Test
    void parseWhenHostileThenOneLineNamingTheFileAndTheProblem() {
        assertThatThrownBy(() -> parse("{\"Hello\": {\"LAMBDA_TASK_ROOT\": \"x\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "env.json entry 'Hello': LAMBDA_TASK_ROOT is set by the emulator for the runtime and cannot be overridden");
        assertThatThrownBy(() -> parse("{\"Hello\": {\"A\\nB\": \"x\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a variable name Lambda accepts");
        assertThatThrownBy(() -> parse("{\"Hello\": {\"NULL_VALUE\": null}}"))
                .hasMessageContaining("the value of NULL_VALUE must be a string, a number or a boolean");
        assertThatThrownBy(() -> parse("null")).hasMessageContaining("must be a JSON object");
    }
}
