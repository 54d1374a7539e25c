package dev.gatewaycli.emulator.model;

import java.time.Duration;
import java.util.Optional;

/**
 * An {@code AWS::ApiGateway::Authorizer} of type {@code COGNITO_USER_POOLS}.
 *
 * @param logicalId       the template's logical id
 * @param name            {@code Name}
 * @param identityHeader  the header named by {@code IdentitySource} ({@code method.request.header.Authorization})
 * @param resultTtl       {@code AuthorizerResultTtlInSeconds} when the template sets it (API Gateway's default is 300 s)
 */
public record AuthorizerModel(String logicalId, String name, String identityHeader, Optional<Duration> resultTtl) {}
