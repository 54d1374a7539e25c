package dev.gatewaycli.emulator.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An {@code AWS::ApiGateway::Authorizer}: a Cognito user pool authorizer, or a Lambda authorizer of type
 * {@code TOKEN} or {@code REQUEST}.
 *
 * @param logicalId                    the template's logical id
 * @param name                         {@code Name}
 * @param authorizerId                 the emulated authorizer id
 * @param type                         {@code COGNITO_USER_POOLS}, {@code TOKEN} or {@code REQUEST}
 * @param identitySources              {@code IdentitySource} split at commas, each a mapping expression
 *                                     ({@code method.request.header.Authorization},
 *                                     {@code method.request.querystring.user}, {@code stageVariables.x},
 *                                     {@code context.y}); may be empty for a {@code REQUEST} authorizer without a cache
 * @param resultTtl                    {@code AuthorizerResultTtlInSeconds} when the template sets it (API Gateway's
 *                                     default is 300 s)
 * @param identityValidationExpression {@code IdentityValidationExpression} of a {@code TOKEN} authorizer
 * @param userPoolIds                  the pools of {@code ProviderARNs} (Cognito authorizers)
 * @param function                     the ARN of the function of {@code AuthorizerUri} (Lambda authorizers)
 */
public record AuthorizerModel(
        String logicalId,
        String name,
        String authorizerId,
        String type,
        List<String> identitySources,
        Optional<Duration> resultTtl,
        Optional<String> identityValidationExpression,
        List<String> userPoolIds,
        Optional<String> function) {

    public static final String COGNITO = "COGNITO_USER_POOLS";
    public static final String TOKEN = "TOKEN";
    public static final String REQUEST = "REQUEST";
    /** The prefix of a header identity source. */
    public static final String HEADER_SOURCE = "method.request.header.";

    public AuthorizerModel {
        identitySources = List.copyOf(identitySources);
        userPoolIds = List.copyOf(userPoolIds);
    }

    /** The header a Cognito or {@code TOKEN} authorizer reads the token from ({@code Authorization}). */
    public String identityHeader() {
        return identitySources.isEmpty() || !identitySources.get(0).startsWith(HEADER_SOURCE)
                ? null
                : identitySources.get(0).substring(HEADER_SOURCE.length());
    }
}
