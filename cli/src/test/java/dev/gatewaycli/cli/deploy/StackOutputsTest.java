package dev.gatewaycli.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The output names {@code deploy} reads are the ones the stack declares: read from the template of the bundled model
 * (the stack as the build synthesized it), so renaming an output in the stack fails here, not in a deployment.
 */
class StackOutputsTest {

    @Test
    void namesWhenComparedWithTheSynthesizedTemplateThenEveryOneIsAnOutputOfTheStack() throws IOException {
        List<String> outputs = new ArrayList<>();
        template().path("Outputs").propertyNames().forEach(outputs::add);

        assertThat(outputs).as("the Outputs of the bundled model's template").containsAll(StackOutputs.NAMES);
    }

    @Test
    void ofWhenTheTemplatesOutputsAreGivenThenEveryFieldIsRead() {
        StackOutputs outputs = StackOutputs.of(
                Map.of(
                        StackOutputs.API_URL, "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/",
                        StackOutputs.TOKEN_URL, "https://p.auth.eu-west-1.amazoncognito.com/oauth2/token",
                        StackOutputs.USER_POOL_ID, "eu-west-1_AbCdEf123",
                        StackOutputs.CLIENT_ID, "1example23456789abcdefghij",
                        StackOutputs.SCOPES, "users/read-only users/write",
                        StackOutputs.REGION, "eu-west-1"),
                "GatewayCliStack");

        assertThat(outputs.scopes()).containsExactly("users/read-only", "users/write");
        assertThat(outputs.region()).isEqualTo("eu-west-1");
        assertThat(outputs.userPoolId()).isEqualTo("eu-west-1_AbCdEf123");
    }

    private static JsonNode template() throws IOException {
        String index = resource("gateway-model/index.txt");
        String name = index.lines()
                .map(String::strip)
                .filter((line) -> line.endsWith(".template.json"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("gateway-model/index.txt names no template: " + index));
        return JsonMapper.builder().build().readTree(resource("gateway-model/" + name));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StackOutputsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in)
                    .as(name + " on the test class path (the stack module's model artifact)")
                    .isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
