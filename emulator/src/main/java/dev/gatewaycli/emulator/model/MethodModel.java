package dev.gatewaycli.emulator.model;

import java.util.List;
import java.util.Optional;

/**
 * An {@code AWS::ApiGateway::Method} with a Lambda proxy integration.
 *
 * @param logicalId    the template's logical id
 * @param httpMethod   {@code HttpMethod}: {@code GET}, ..., or {@code ANY}
 * @param resourcePath the resource's path template, {@code /} or {@code /users/{id}} or {@code /{proxy+}}
 * @param resourceId   the emulated id of the resource (API Gateway's {@code requestContext.resourceId})
 * @param authorizer   the Cognito authorizer, empty for {@code AuthorizationType: NONE}
 * @param scopes       {@code AuthorizationScopes}; empty means the authorizer wants an ID token (FIDELITY.md §2)
 * @param function     the logical id of the function the integration invokes
 */
public record MethodModel(
        String logicalId,
        String httpMethod,
        String resourcePath,
        String resourceId,
        Optional<AuthorizerModel> authorizer,
        List<String> scopes,
        String function) {

    public MethodModel {
        scopes = List.copyOf(scopes);
    }
}
