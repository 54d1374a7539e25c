package dev.gatewaycli.emulator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::ApiGateway::RestApi}, its stages, methods and gateway responses.
 *
 * @param stackName        the stack that defines it
 * @param logicalId        the template's logical id
 * @param name             {@code Name}
 * @param apiId            the emulated API id (ten lowercase letters and digits, like API Gateway's)
 * @param region           the stack's Region (the method ARNs and {@code domainName} name it)
 * @param accountId        the stack's account
 * @param apiKeySource     {@code ApiKeySourceType}: {@code HEADER} ({@code x-api-key}, the default) or
 *                         {@code AUTHORIZER} (a Lambda authorizer's {@code usageIdentifierKey})
 * @param stages           from {@code AWS::ApiGateway::Stage} and {@code Deployment} {@code StageName}, template order
 * @param methods          every method of every resource
 * @param gatewayResponses the {@code AWS::ApiGateway::GatewayResponse}s by {@code ResponseType}
 */
public record RestApiModel(
        String stackName,
        String logicalId,
        String name,
        String apiId,
        String region,
        String accountId,
        String apiKeySource,
        List<Stage> stages,
        List<MethodModel> methods,
        Map<String, GatewayResponse> gatewayResponses) {

    public RestApiModel {
        stages = List.copyOf(stages);
        methods = List.copyOf(methods);
        gatewayResponses = Collections.unmodifiableMap(new LinkedHashMap<>(gatewayResponses));
    }

    /** The stage names, template order. */
    public List<String> stageNames() {
        return stages.stream().map(Stage::name).toList();
    }

    /**
     * A stage: its name, its stage variables and the throttling of its {@code MethodSettings}.
     *
     * @param name      {@code StageName}
     * @param variables {@code Variables}, what {@code stageVariables} of an event holds
     * @param throttles {@code MethodSettings} with a throttling limit, in template order
     */
    public record Stage(String name, Map<String, String> variables, List<MethodThrottle> throttles) {

        public Stage {
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
            throttles = List.copyOf(throttles);
        }
    }

    /**
     * A {@code MethodSettings} entry's throttling: for {@code resourcePath} ({@code /*} for all, else a resource
     * path such as {@code /items/{id}}) and {@code httpMethod} ({@code *} for all).
     *
     * @param rateLimit  {@code ThrottlingRateLimit}, requests a second
     * @param burstLimit {@code ThrottlingBurstLimit}
     */
    public record MethodThrottle(
            String resourcePath, String httpMethod, Optional<Double> rateLimit, Optional<Integer> burstLimit) {

        /** Whether this setting applies to the method {@code httpMethod} of {@code resourcePath}. */
        public boolean appliesTo(String path, String method) {
            return (resourcePath.equals("/*") || resourcePath.equals(path))
                    && (httpMethod.equals("*") || httpMethod.equals(method));
        }
    }

    /**
     * An {@code AWS::ApiGateway::GatewayResponse}: what API Gateway sends instead of its default response of
     * {@code type}.
     *
     * @param type       {@code ResponseType} ({@code UNAUTHORIZED}, {@code DEFAULT_4XX}, ...)
     * @param statusCode {@code StatusCode}, when set
     * @param headers    {@code ResponseParameters} as header name → mapping expression ({@code 'static'},
     *                   {@code method.request.header.X}, {@code method.request.querystring.x},
     *                   {@code method.request.path.x})
     * @param templates  {@code ResponseTemplates} by content type: simple variable substitution, no VTL
     */
    public record GatewayResponse(
            String type, Optional<Integer> statusCode, Map<String, String> headers, Map<String, String> templates) {

        public GatewayResponse {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
        }
    }
}
