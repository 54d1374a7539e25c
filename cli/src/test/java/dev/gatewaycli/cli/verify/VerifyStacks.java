package dev.gatewaycli.cli.verify;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.emulator.junit.GatewayEmulatorExtension;
import dev.gatewaycli.emulator.model.StackModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Emulated stacks for verify's tests, and the CLI environment that points at one. */
final class VerifyStacks {

    static final String WRITE_SCOPE = "users/write";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private VerifyStacks() {}

    /** Points the CLI at the emulator, as {@code --local} will: endpoints, throw-away client, JWKS and pool id. */
    static TestCli configure(TestCli cli, GatewayEmulatorExtension emulator) {
        cli.env.put("GATEWAY_TOKEN_URL", emulator.tokenUrl());
        cli.env.put("GATEWAY_API_URL", emulator.apiUrl());
        cli.env.put("GATEWAY_CLIENT_ID", emulator.clientId());
        cli.env.put("GATEWAY_CLIENT_SECRET", emulator.clientSecret());
        cli.env.put("GATEWAY_JWKS_URL", emulator.jwksUrl());
        cli.env.put("GATEWAY_USER_POOL_ID", emulator.emulator().userPoolId());
        return cli;
    }

    /**
     * Our own stack as synthesized (the bundled model on the class path) with one change: the resource server has a
     * second scope, {@code users/write}, which the app client is allowed too. {@code GET /} still takes
     * {@code users/read-only} only, so check 8 has a scope to ask for that the method does not take.
     */
    static StackModel twoScopes(Path dir) {
        try {
            String index = resource("gateway-model/index.txt");
            for (String name : index.split("\\R")) {
                if (name.isBlank()) {
                    continue;
                }
                Path target = dir.resolve(name.strip());
                Files.createDirectories(target.getParent());
                try (InputStream in =
                        VerifyStacks.class.getClassLoader().getResourceAsStream("gateway-model/" + name.strip())) {
                    Files.copy(in, target);
                }
                if (name.strip().endsWith(".template.json")) {
                    Files.writeString(target, addWriteScope(Files.readString(target)));
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return StackModel.fromCloudAssembly(dir);
    }

    private static String addWriteScope(String template) {
        ObjectNode root = (ObjectNode) JSON.readTree(template);
        for (JsonNode resource : root.get("Resources")) {
            String type = resource.path("Type").asString("");
            ObjectNode properties = (ObjectNode) resource.get("Properties");
            if (type.equals("AWS::Cognito::UserPoolResourceServer")) {
                ((ArrayNode) properties.get("Scopes"))
                        .addObject()
                        .put("ScopeName", "write")
                        .put("ScopeDescription", "Write access for users");
            } else if (type.equals("AWS::Cognito::UserPoolClient")) {
                ((ArrayNode) properties.get("AllowedOAuthScopes")).add(WRITE_SCOPE);
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = VerifyStacks.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path: the stack module's model "
                        + "artifact (dev.gatewaycli:stack:jar:model) is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
