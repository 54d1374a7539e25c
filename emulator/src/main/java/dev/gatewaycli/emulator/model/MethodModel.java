package dev.gatewaycli.emulator.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@code AWS::ApiGateway::Method}: how it is authorised and what it integrates with.
 *
 * @param logicalId          the template's logical id
 * @param httpMethod         {@code HttpMethod}: {@code GET}, ..., or {@code ANY}
 * @param resourcePath       the resource's path template, {@code /} or {@code /users/{id}} or {@code /{proxy+}}
 * @param resourceId         the emulated id of the resource (API Gateway's {@code requestContext.resourceId})
 * @param authorizationType  {@code NONE}, {@code COGNITO_USER_POOLS}, {@code CUSTOM} (a Lambda authorizer) or
 *                           {@code AWS_IAM}
 * @param authorizer         the authorizer of a {@code COGNITO_USER_POOLS} or {@code CUSTOM} method
 * @param scopes             {@code AuthorizationScopes}; empty means a Cognito authorizer wants an ID token
 *                           (fidelity.md §2)
 * @param apiKeyRequired     {@code ApiKeyRequired}
 * @param requiredParameters the {@code RequestParameters} marked required, checked because a request validator
 *                           validates parameters ({@code method.request.header.X}, {@code method.request.querystring.y})
 * @param integration        what the method calls
 */
public record MethodModel(
        String logicalId,
        String httpMethod,
        String resourcePath,
        String resourceId,
        String authorizationType,
        Optional<AuthorizerModel> authorizer,
        List<String> scopes,
        boolean apiKeyRequired,
        List<String> requiredParameters,
        Integration integration) {

    public static final String NONE = "NONE";
    public static final String COGNITO = "COGNITO_USER_POOLS";
    public static final String CUSTOM = "CUSTOM";
    public static final String IAM = "AWS_IAM";

    public MethodModel {
        scopes = List.copyOf(scopes);
        requiredParameters = List.copyOf(requiredParameters);
    }

    /** What a method integrates with. */
    public sealed interface Integration {}

    /**
     * {@code AWS_PROXY}: the Lambda proxy integration.
     *
     * @param function the ARN of the function it invokes
     * @param timeout  {@code TimeoutInMillis}, when the template sets it (else the integration timeout setting)
     */
    public record LambdaProxy(String function, Optional<Duration> timeout) implements Integration {}

    /**
     * {@code MOCK}: API Gateway answers itself. The request template chosen by the request's content type gives a
     * status code, which selects an integration response.
     *
     * @param statusCodes         by content type, the status code its {@code RequestTemplates} entry gives (a static
     *                            template such as {@code {"statusCode": 200}}); empty when it gives none
     * @param passthroughBehavior {@code PassthroughBehavior}: {@code WHEN_NO_MATCH} (the default),
     *                            {@code WHEN_NO_TEMPLATES} or {@code NEVER}
     * @param responses           {@code IntegrationResponses}
     */
    public record Mock(Map<String, String> statusCodes, String passthroughBehavior, List<MockResponse> responses)
            implements Integration {

        public Mock {
            statusCodes = Collections.unmodifiableMap(new LinkedHashMap<>(statusCodes));
            responses = List.copyOf(responses);
        }
    }

    /**
     * One {@code IntegrationResponses} entry of a mock integration.
     *
     * @param statusCode       {@code StatusCode}
     * @param selectionPattern {@code SelectionPattern}; empty for the default response
     * @param headers          the static values of {@code ResponseParameters}: header name → value
     * @param templates        {@code ResponseTemplates} by content type, static bodies
     * @param echoedOrigins    origins for which {@code Access-Control-Allow-Origin} is the request's {@code Origin}:
     *                         what the response template the CDK writes for a CORS preflight of several origins does
     */
    public record MockResponse(
            String statusCode,
            Optional<Pattern> selectionPattern,
            Map<String, String> headers,
            Map<String, String> templates,
            List<String> echoedOrigins) {

        public MockResponse {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
            echoedOrigins = List.copyOf(echoedOrigins);
        }
    }

    /** The ARN of the function a Lambda proxy integration invokes; null for other integrations. */
    public String function() {
        return integration instanceof LambdaProxy proxy ? proxy.function() : null;
    }
}
