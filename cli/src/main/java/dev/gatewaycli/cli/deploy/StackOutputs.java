package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stack's outputs that a profile is made of, by the stable names of stack/README.md ("Outputs"), which the
 * stack declares ({@code GatewayStack.OUTPUT_*}); a test holds these names to the bundled model's template.
 *
 * @param apiUrl {@code ApiUrl}: the stage URL
 * @param tokenUrl {@code TokenEndpointUrl}
 * @param userPoolId {@code UserPoolId}
 * @param clientId {@code UserPoolClientId}
 * @param scopes {@code Scopes}, space-separated in the output
 * @param region {@code Region}, or null when an older stack lacks it
 */
public record StackOutputs(
        String apiUrl, String tokenUrl, String userPoolId, String clientId, List<String> scopes, String region) {

    static final String API_URL = "ApiUrl";

    static final String TOKEN_URL = "TokenEndpointUrl";

    static final String USER_POOL_ID = "UserPoolId";

    static final String CLIENT_ID = "UserPoolClientId";

    static final String SCOPES = "Scopes";

    static final String REGION = "Region";

    /** Without these a profile cannot reach the API; Scopes and Region only refine it. */
    static final List<String> REQUIRED = List.of(API_URL, TOKEN_URL, USER_POOL_ID, CLIENT_ID);

    /** Every output read. */
    static final List<String> NAMES = List.of(API_URL, TOKEN_URL, USER_POOL_ID, CLIENT_ID, SCOPES, REGION);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The outputs of {@code stackName} in the CDK's {@code --outputs-file} ({@code {"Stack": {"Key": "value"}}}), or
     * empty when the file is missing, unreadable or lacks one of the required outputs.
     */
    static Optional<StackOutputs> fromOutputsFile(Path file, String stackName) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode stack = JSON.readTree(Files.readString(file)).path(stackName);
            Map<String, String> outputs = new LinkedHashMap<>();
            stack.properties().forEach((entry) -> {
                if (entry.getValue().isValueNode()) {
                    outputs.put(entry.getKey(), entry.getValue().asString());
                }
            });
            return REQUIRED.stream().allMatch(outputs::containsKey)
                    ? Optional.of(of(outputs, stackName))
                    : Optional.empty();
        } catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    /** True when the outputs are those of this project's stack: every required output is there. */
    public static boolean complete(Map<String, String> outputs) {
        return REQUIRED.stream().noneMatch((key) -> isBlank(outputs.get(key)));
    }

    /** From outputs by key (DescribeStacks); a missing required output is exit 1 naming it. */
    public static StackOutputs of(Map<String, String> outputs, String stackName) {
        for (String key : REQUIRED) {
            if (isBlank(outputs.get(key))) {
                throw new ExitException(
                        ExitCodes.FAILED,
                        "stack " + stackName + " has no output " + key
                                + ": it was not deployed from this project's stack (stack/README.md, Outputs), or the deployment "
                                + "did not finish");
            }
        }
        String scopes = outputs.get(SCOPES);
        return new StackOutputs(
                outputs.get(API_URL),
                outputs.get(TOKEN_URL),
                outputs.get(USER_POOL_ID),
                outputs.get(CLIENT_ID),
                isBlank(scopes)
                        ? List.of()
                        : Arrays.stream(scopes.trim().split("\\s+")).toList(),
                isBlank(outputs.get(REGION)) ? null : outputs.get(REGION));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
