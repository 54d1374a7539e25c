package dev.gatewaycli.emulator.model;

import static dev.gatewaycli.emulator.model.TemplateReader.API_KEY;
import static dev.gatewaycli.emulator.model.TemplateReader.API_METHOD;
import static dev.gatewaycli.emulator.model.TemplateReader.API_RESOURCE;
import static dev.gatewaycli.emulator.model.TemplateReader.AUTHORIZER;
import static dev.gatewaycli.emulator.model.TemplateReader.DEPLOYMENT;
import static dev.gatewaycli.emulator.model.TemplateReader.GATEWAY_RESPONSE;
import static dev.gatewaycli.emulator.model.TemplateReader.REQUEST_VALIDATOR;
import static dev.gatewaycli.emulator.model.TemplateReader.REST_API;
import static dev.gatewaycli.emulator.model.TemplateReader.STAGE;
import static dev.gatewaycli.emulator.model.TemplateReader.USAGE_PLAN;
import static dev.gatewaycli.emulator.model.TemplateReader.USAGE_PLAN_KEY;

import dev.gatewaycli.emulator.model.Intrinsics.Where;
import dev.gatewaycli.emulator.model.MethodModel.Integration;
import dev.gatewaycli.emulator.model.RestApiModel.GatewayResponse;
import dev.gatewaycli.emulator.model.RestApiModel.MethodThrottle;
import dev.gatewaycli.emulator.model.RestApiModel.Stage;
import dev.gatewaycli.emulator.model.UsagePlanModel.ApiStage;
import dev.gatewaycli.emulator.model.UsagePlanModel.Quota;
import dev.gatewaycli.emulator.model.UsagePlanModel.Throttle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Reads one stack's API Gateway resources: REST APIs, resources, methods, stages, authorizers, gateway responses,
 * request validators, API keys and usage plans. What references other stacks (a method of an API defined elsewhere, an
 * authorizer's pool, an integration's function) is joined by physical id in {@link AssemblyReader}, through
 * {@link ApiContext}.
 */
final class ApiReader {

    /** The gateway response types of API Gateway (developer guide, "Gateway response types"). */
    static final Set<String> RESPONSE_TYPES = Set.of(
            "ACCESS_DENIED",
            "API_CONFIGURATION_ERROR",
            "AUTHORIZER_CONFIGURATION_ERROR",
            "AUTHORIZER_FAILURE",
            "BAD_REQUEST_PARAMETERS",
            "BAD_REQUEST_BODY",
            "DEFAULT_4XX",
            "DEFAULT_5XX",
            "EXPIRED_TOKEN",
            "INTEGRATION_FAILURE",
            "INTEGRATION_TIMEOUT",
            "INVALID_API_KEY",
            "INVALID_SIGNATURE",
            "MISSING_AUTHENTICATION_TOKEN",
            "QUOTA_EXCEEDED",
            "REQUEST_TOO_LARGE",
            "RESOURCE_NOT_FOUND",
            "THROTTLED",
            "UNAUTHORIZED",
            "UNSUPPORTED_MEDIA_TYPE",
            "WAF_FILTERED");

    /**
     * The {@code $context} variables a gateway response template or a {@code REQUEST} authorizer's identity source
     * may name, and the emulator fills (the rest of API Gateway's list it does not).
     */
    static final Set<String> CONTEXT_VARIABLES = Set.of(
            "accountId",
            "apiId",
            "domainName",
            "domainPrefix",
            "extendedRequestId",
            "httpMethod",
            "path",
            "protocol",
            "requestId",
            "requestTime",
            "requestTimeEpoch",
            "resourceId",
            "resourcePath",
            "stage",
            "identity.sourceIp",
            "identity.userAgent",
            "identity.apiKey",
            "identity.apiKeyId",
            "identity.accessKey",
            "error.message",
            "error.messageString",
            "error.responseType",
            "error.validationErrorString");

    /** A {@code $context.x} or {@code $stageVariables.x} reference in a gateway response template. */
    static final Pattern TEMPLATE_VARIABLE = Pattern.compile(
            "\\$(?:\\{)?(context|stageVariables|input|util|method)\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)(?:})?");

    /** The response template the CDK writes for a CORS preflight that allows several origins ({@code Cors}). */
    private static final Pattern CDK_CORS_TEMPLATE =
            Pattern.compile("#set\\(\\$origin = \\$input\\.params\\(\\)\\.header\\.get\\(\"Origin\"\\)\\)\\n"
                    + "#if\\(\\$origin == \"\"\\)\\n"
                    + "  #set\\(\\$origin = \\$input\\.params\\(\\)\\.header\\.get\\(\"origin\"\\)\\)\\n"
                    + "#end\\n"
                    + "#if\\((.+)\\)\\n"
                    + "  #set\\(\\$context\\.responseOverride\\.header\\.Access-Control-Allow-Origin = \\$origin\\)\\n"
                    + "#end\\n?");

    private static final Pattern ORIGIN_CONDITION = Pattern.compile("\\$origin == \"([^\"]*)\"");
    /** A static mock request template: {@code {"statusCode": 200}}, or the CDK's {@code { statusCode: 200 }}. */
    private static final Pattern STATIC_STATUS =
            Pattern.compile("\\s*\\{\\s*\"?statusCode\"?\\s*:\\s*\"?(\\d{3})\"?\\s*(?:,[^$#]*)?}\\s*", Pattern.DOTALL);

    private static final Pattern LAMBDA_URI = Pattern.compile(
            "arn:[a-z-]+:apigateway:[a-z0-9-]+:lambda:path/\\d{4}-\\d{2}-\\d{2}/functions/(.+)/invocations");

    private static final Set<String> HTTP_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY");

    /** The rest of the assembly a method or authorizer refers to. */
    interface ApiContext {
        /** The path template of a resource of the API ({@code /items/{id}}), or null when it has none of that id. */
        String path(String resourceId);

        /** The authorizer of the API with that id, or null. */
        AuthorizerModel authorizer(String authorizerId);

        /** The request validator of the API with that id, or null. */
        Validator validator(String validatorId);

        /** The pool of that ARN among the emulated stacks, or null. */
        UserPoolModel poolByArn(String arn);

        /** Whether a function of that ARN is among the emulated stacks (and, if so, reads it). */
        boolean function(String arn);
    }

    /** A REST API of the stack: what its children are joined by. */
    record Api(String logicalId, String name, String apiId, String apiKeySource, String rootResourceId) {}

    /** A child of a REST API ({@code RestApiId} resolved), in this stack. */
    record Child<T>(String apiId, String logicalId, T value) {}

    record Resource(String resourceId, String parentId, String pathPart) {}

    record Validator(String id, boolean parameters, boolean body) {}

    record PlanKey(String planId, String keyId) {}

    private final TemplateReader t;

    ApiReader(TemplateReader t) {
        this.t = t;
    }

    List<Api> apis() {
        List<Api> out = new ArrayList<>();
        for (String logicalId : t.ofType(REST_API)) {
            JsonNode props = t.properties(logicalId);
            for (String property : List.of("Body", "BodyS3Location")) {
                if (props.has(property)) {
                    throw ModelException.at(
                            logicalId,
                            REST_API,
                            property,
                            "an OpenAPI definition is not emulated; define the API's resources and methods instead");
                }
            }
            refuseIf(logicalId, REST_API, "Policy", "a resource policy is not emulated");
            refuseIf(logicalId, REST_API, "CloneFrom", "cloning another API is not emulated");
            refuseIf(logicalId, REST_API, "MinimumCompressionSize", "response compression is not emulated");
            if (!t.optionalStrings(logicalId, REST_API, "BinaryMediaTypes").isEmpty()) {
                throw ModelException.at(logicalId, REST_API, "BinaryMediaTypes", "binary media types are not emulated");
            }
            if (t.bool(logicalId, REST_API, "DisableExecuteApiEndpoint")) {
                throw ModelException.at(
                        logicalId,
                        REST_API,
                        "DisableExecuteApiEndpoint",
                        "an API reachable only through a custom domain is not emulated");
            }
            String source = t.optionalString(logicalId, "ApiKeySourceType").orElse("HEADER");
            if (!source.equals("HEADER") && !source.equals("AUTHORIZER")) {
                throw ModelException.at(
                        logicalId, REST_API, "ApiKeySourceType", "'" + source + "' is not HEADER or AUTHORIZER");
            }
            out.add(new Api(
                    logicalId,
                    t.optionalString(logicalId, "Name").orElse(logicalId),
                    t.attribute(logicalId, "RestApiId"),
                    source,
                    t.rootResourceId(logicalId)));
        }
        return out;
    }

    List<Child<Resource>> resources() {
        List<Child<Resource>> out = new ArrayList<>();
        for (String logicalId : t.ofType(API_RESOURCE)) {
            out.add(new Child<>(
                    apiId(logicalId, API_RESOURCE),
                    logicalId,
                    new Resource(
                            t.attribute(logicalId, "ResourceId"),
                            t.requiredString(logicalId, API_RESOURCE, "ParentId"),
                            t.requiredString(logicalId, API_RESOURCE, "PathPart"))));
        }
        return out;
    }

    /** Stages of {@code AWS::ApiGateway::Stage} and of a {@code Deployment}'s {@code StageName}, template order. */
    List<Child<Stage>> stages() {
        List<Child<Stage>> out = new ArrayList<>();
        for (String logicalId : t.ofType(STAGE)) {
            refuseIf(logicalId, STAGE, "CanarySetting", "canary deployments are not emulated");
            JsonNode props = t.properties(logicalId);
            out.add(new Child<>(
                    apiId(logicalId, STAGE),
                    logicalId,
                    new Stage(
                            t.requiredString(logicalId, STAGE, "StageName"),
                            variables(logicalId, STAGE, props.path("Variables"), "Variables"),
                            methodSettings(logicalId, STAGE, props.path("MethodSettings"), "MethodSettings"))));
        }
        for (String logicalId : t.ofType(DEPLOYMENT)) {
            refuseIf(logicalId, DEPLOYMENT, "DeploymentCanarySettings", "canary deployments are not emulated");
            JsonNode props = t.properties(logicalId);
            if (!props.has("StageName")) {
                continue;
            }
            JsonNode description = props.path("StageDescription");
            List<MethodThrottle> throttles = new ArrayList<>(methodSettings(
                    logicalId, DEPLOYMENT, description.path("MethodSettings"), "StageDescription.MethodSettings"));
            Where where = new Where(logicalId, DEPLOYMENT, "StageDescription");
            if (description.path("CachingEnabled").asBoolean(false)) {
                throw where.child("CachingEnabled").fail("response caching is not emulated");
            }
            if (description.has("CanarySetting")) {
                throw where.child("CanarySetting").fail("canary deployments are not emulated");
            }
            Optional<Double> rate =
                    decimal(description.path("ThrottlingRateLimit"), where.child("ThrottlingRateLimit"));
            Optional<Integer> burst =
                    integer(description.path("ThrottlingBurstLimit"), where.child("ThrottlingBurstLimit"));
            if (rate.isPresent() || burst.isPresent()) {
                throttles.add(0, new MethodThrottle("/*", "*", rate, burst));
            }
            out.add(new Child<>(
                    apiId(logicalId, DEPLOYMENT),
                    logicalId,
                    new Stage(
                            t.requiredString(logicalId, DEPLOYMENT, "StageName"),
                            variables(
                                    logicalId, DEPLOYMENT, description.path("Variables"), "StageDescription.Variables"),
                            throttles)));
        }
        return out;
    }

    private Map<String, String> variables(String logicalId, String type, JsonNode node, String property) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : node.propertyNames()) {
            out.put(name, t.intrinsics.string(node.get(name), new Where(logicalId, type, property + "." + name)));
        }
        return out;
    }

    private List<MethodThrottle> methodSettings(String logicalId, String type, JsonNode list, String property) {
        List<MethodThrottle> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode setting = list.get(i);
            Where where = new Where(logicalId, type, property + "[" + i + "]");
            if (setting.has("CachingEnabled")
                    && t.intrinsics.string(setting.get("CachingEnabled"), where).equals("true")) {
                throw where.child("CachingEnabled").fail("response caching is not emulated");
            }
            Optional<Double> rate = decimal(setting.path("ThrottlingRateLimit"), where.child("ThrottlingRateLimit"));
            Optional<Integer> burst =
                    integer(setting.path("ThrottlingBurstLimit"), where.child("ThrottlingBurstLimit"));
            if (rate.isEmpty() && burst.isEmpty()) {
                continue;
            }
            String path = setting.has("ResourcePath")
                    ? t.intrinsics.string(setting.get("ResourcePath"), where.child("ResourcePath"))
                    : "/*";
            String method = setting.has("HttpMethod")
                    ? t.intrinsics
                            .string(setting.get("HttpMethod"), where.child("HttpMethod"))
                            .toUpperCase(Locale.ROOT)
                    : "*";
            out.add(new MethodThrottle(decodeResourcePath(path), method, rate, burst));
        }
        return out;
    }

    /**
     * {@code MethodSettings} write a resource path with its slashes as {@code ~1} ({@code /~1items~1{id}}), the root as
     * {@code /} and every resource as {@code /*}.
     */
    static String decodeResourcePath(String path) {
        if (path.equals("/*") || path.equals("/")) {
            return path;
        }
        String rest = path.startsWith("/") ? path.substring(1) : path;
        return rest.replace("~1", "/").replace("~0", "~");
    }

    List<Child<String>> authorizerIds() {
        List<Child<String>> out = new ArrayList<>();
        for (String logicalId : t.ofType(AUTHORIZER)) {
            out.add(new Child<>(apiId(logicalId, AUTHORIZER), logicalId, t.attribute(logicalId, "AuthorizerId")));
        }
        return out;
    }

    AuthorizerModel authorizer(String logicalId, ApiContext context) {
        String type = t.requiredString(logicalId, AUTHORIZER, "Type");
        String name = t.optionalString(logicalId, "Name").orElse(logicalId);
        Optional<Duration> ttl = Optional.empty();
        JsonNode ttlNode = t.properties(logicalId).get("AuthorizerResultTtlInSeconds");
        if (ttlNode != null) {
            Where where = new Where(logicalId, AUTHORIZER, "AuthorizerResultTtlInSeconds");
            Optional<Integer> seconds = integer(ttlNode, where);
            if (seconds.get() < 0 || seconds.get() > 3600) {
                throw where.fail(seconds.get() + " is outside 0 to 3600");
            }
            ttl = Optional.of(Duration.ofSeconds(seconds.get()));
        }
        Where sourceWhere = new Where(logicalId, AUTHORIZER, "IdentitySource");
        List<String> sources = new ArrayList<>();
        for (String s : t.optionalString(logicalId, "IdentitySource").orElse("").split(",")) {
            if (!s.isBlank()) {
                sources.add(s.strip());
            }
        }
        List<String> pools = new ArrayList<>();
        Optional<String> function = Optional.empty();
        Optional<String> validation = Optional.empty();
        switch (type) {
            case AuthorizerModel.COGNITO -> {
                headerSource(sources, sourceWhere);
                Where where = new Where(logicalId, AUTHORIZER, "ProviderARNs");
                List<String> arns = t.optionalStrings(logicalId, AUTHORIZER, "ProviderARNs");
                if (arns.isEmpty()) {
                    throw where.fail("is missing");
                }
                for (String arn : arns) {
                    UserPoolModel pool = context.poolByArn(arn);
                    if (pool == null) {
                        throw where.fail("'" + arn + "' is no user pool of the emulated stacks");
                    }
                    pools.add(pool.userPoolId());
                }
            }
            case AuthorizerModel.TOKEN, AuthorizerModel.REQUEST -> {
                Where where = new Where(logicalId, AUTHORIZER, "AuthorizerUri");
                function = Optional.of(
                        lambdaFunction(t.requiredString(logicalId, AUTHORIZER, "AuthorizerUri"), where, context));
                if (type.equals(AuthorizerModel.TOKEN)) {
                    headerSource(sources, sourceWhere);
                    validation = t.optionalString(logicalId, "IdentityValidationExpression");
                    if (validation.isPresent()) {
                        try {
                            Pattern.compile(validation.get());
                        } catch (PatternSyntaxException e) {
                            throw new Where(logicalId, AUTHORIZER, "IdentityValidationExpression")
                                    .fail("'" + validation.get() + "' is not a regular expression");
                        }
                    }
                } else {
                    for (String source : sources) {
                        requestSource(source, sourceWhere);
                    }
                    if (sources.isEmpty() && ttl.orElse(Duration.ofSeconds(300)).toSeconds() > 0) {
                        throw sourceWhere.fail(
                                "is required when the result is cached (AuthorizerResultTtlInSeconds > 0)");
                    }
                }
            }
            default ->
                throw ModelException.at(
                        logicalId, AUTHORIZER, "Type", "'" + type + "' is not COGNITO_USER_POOLS, TOKEN or REQUEST");
        }
        return new AuthorizerModel(
                logicalId,
                name,
                t.attribute(logicalId, "AuthorizerId"),
                type,
                sources,
                ttl,
                validation,
                pools,
                function);
    }

    private static void headerSource(List<String> sources, Where where) {
        if (sources.size() != 1
                || !sources.get(0).startsWith(AuthorizerModel.HEADER_SOURCE)
                || sources.get(0).length() == AuthorizerModel.HEADER_SOURCE.length()) {
            throw where.fail("'" + String.join(",", sources) + "' is not one " + AuthorizerModel.HEADER_SOURCE
                    + "<name> source");
        }
    }

    private static void requestSource(String source, Where where) {
        for (String prefix : List.of("method.request.header.", "method.request.querystring.", "stageVariables.")) {
            if (source.startsWith(prefix) && source.length() > prefix.length()) {
                return;
            }
        }
        if (source.startsWith("context.") && CONTEXT_VARIABLES.contains(source.substring("context.".length()))) {
            return;
        }
        throw where.fail("'" + source + "' is not an identity source the emulator reads (a header, a query string "
                + "parameter, a stage variable or one of the context variables " + CONTEXT_VARIABLES + ")");
    }

    /** The function ARN of a Lambda integration or authorizer URI; fails unless it is among the emulated stacks. */
    private static String lambdaFunction(String uri, Where where, ApiContext context) {
        Matcher m = LAMBDA_URI.matcher(uri);
        if (!m.matches()) {
            throw where.fail("'" + uri + "' does not invoke a Lambda function");
        }
        String arn = m.group(1);
        if (arn.split(":", -1).length > 7) {
            throw where.fail("'" + uri + "' invokes an alias or a version of a function, which is not emulated");
        }
        if (!context.function(arn)) {
            throw where.fail("'" + uri + "' invokes no " + TemplateReader.FUNCTION + " of the emulated stacks");
        }
        return arn;
    }

    List<Child<Validator>> validators() {
        List<Child<Validator>> out = new ArrayList<>();
        for (String logicalId : t.ofType(REQUEST_VALIDATOR)) {
            out.add(new Child<>(
                    apiId(logicalId, REQUEST_VALIDATOR),
                    logicalId,
                    new Validator(
                            t.physicalId(logicalId),
                            t.bool(logicalId, REQUEST_VALIDATOR, "ValidateRequestParameters"),
                            t.bool(logicalId, REQUEST_VALIDATOR, "ValidateRequestBody"))));
        }
        return out;
    }

    /** The stack's methods as (API id, logical id). */
    List<Child<String>> methodIds() {
        List<Child<String>> out = new ArrayList<>();
        for (String logicalId : t.ofType(API_METHOD)) {
            out.add(new Child<>(apiId(logicalId, API_METHOD), logicalId, logicalId));
        }
        return out;
    }

    MethodModel method(String logicalId, ApiContext context) {
        JsonNode props = t.properties(logicalId);
        String httpMethod =
                t.requiredString(logicalId, API_METHOD, "HttpMethod").toUpperCase(Locale.ROOT);
        if (!HTTP_METHODS.contains(httpMethod)) {
            throw ModelException.at(logicalId, API_METHOD, "HttpMethod", "'" + httpMethod + "' is not an HTTP method");
        }
        String resourceId = t.requiredString(logicalId, API_METHOD, "ResourceId");
        String path = context.path(resourceId);
        if (path == null) {
            throw ModelException.at(logicalId, API_METHOD, "ResourceId", "names no resource of its API");
        }
        String authType = t.optionalString(logicalId, "AuthorizationType").orElse(MethodModel.NONE);
        Optional<AuthorizerModel> authorizer = Optional.empty();
        List<String> scopes = List.of();
        switch (authType) {
            case MethodModel.NONE, MethodModel.IAM -> {}
            case MethodModel.COGNITO, MethodModel.CUSTOM -> {
                Where where = new Where(logicalId, API_METHOD, "AuthorizerId");
                String id = t.requiredString(logicalId, API_METHOD, "AuthorizerId");
                AuthorizerModel found = context.authorizer(id);
                if (found == null) {
                    throw where.fail("names no " + AUTHORIZER + " of its API");
                }
                boolean cognito = found.type().equals(AuthorizerModel.COGNITO);
                if (cognito != authType.equals(MethodModel.COGNITO)) {
                    throw where.fail("AuthorizationType " + authType + " names the " + found.type() + " authorizer "
                            + found.logicalId());
                }
                authorizer = Optional.of(found);
                if (cognito) {
                    scopes = t.optionalStrings(logicalId, API_METHOD, "AuthorizationScopes");
                }
            }
            default ->
                throw ModelException.at(
                        logicalId,
                        API_METHOD,
                        "AuthorizationType",
                        "'" + authType + "' is not NONE, COGNITO_USER_POOLS, CUSTOM or AWS_IAM");
        }
        List<String> required = new ArrayList<>();
        if (props.has("RequestValidatorId")) {
            Where where = new Where(logicalId, API_METHOD, "RequestValidatorId");
            Validator validator = context.validator(t.requiredString(logicalId, API_METHOD, "RequestValidatorId"));
            if (validator == null) {
                throw where.fail("names no " + REQUEST_VALIDATOR + " of its API");
            }
            if (validator.body() && props.path("RequestModels").size() > 0) {
                throw new Where(logicalId, API_METHOD, "RequestModels")
                        .fail("validating the request body against a model is not emulated");
            }
            if (validator.parameters()) {
                JsonNode parameters = props.path("RequestParameters");
                for (String name : parameters.propertyNames()) {
                    String value = t.intrinsics.string(
                            parameters.get(name), new Where(logicalId, API_METHOD, "RequestParameters." + name));
                    if (value.equals("true")) {
                        required.add(name);
                    }
                }
            }
        }
        return new MethodModel(
                logicalId,
                httpMethod,
                path,
                resourceId,
                authType,
                authorizer,
                scopes,
                t.bool(logicalId, API_METHOD, "ApiKeyRequired"),
                required,
                integration(logicalId, props, context));
    }

    private Integration integration(String logicalId, JsonNode props, ApiContext context) {
        JsonNode integration = props.path("Integration");
        Where typeWhere = new Where(logicalId, API_METHOD, "Integration.Type");
        String type = integration.has("Type") ? t.intrinsics.string(integration.get("Type"), typeWhere) : "";
        switch (type) {
            case "AWS_PROXY" -> {
                if (integration.has("ContentHandling")) {
                    throw new Where(logicalId, API_METHOD, "Integration.ContentHandling")
                            .fail("content handling (binary payloads) is not emulated");
                }
                Where uriWhere = new Where(logicalId, API_METHOD, "Integration.Uri");
                if (!integration.has("Uri")) {
                    throw uriWhere.fail("is missing");
                }
                String function =
                        lambdaFunction(t.intrinsics.string(integration.get("Uri"), uriWhere), uriWhere, context);
                Optional<Duration> timeout = integer(
                                integration.path("TimeoutInMillis"),
                                new Where(logicalId, API_METHOD, "Integration.TimeoutInMillis"))
                        .map(Duration::ofMillis);
                return new MethodModel.LambdaProxy(function, timeout);
            }
            case "MOCK" -> {
                return mock(logicalId, props, integration);
            }
            default ->
                throw typeWhere.fail(
                        "'" + type + "' is not emulated (only AWS_PROXY, the Lambda proxy integration, " + "and MOCK)");
        }
    }

    private MethodModel.Mock mock(String logicalId, JsonNode props, JsonNode integration) {
        Map<String, String> statusCodes = new LinkedHashMap<>();
        JsonNode templates = integration.path("RequestTemplates");
        for (String contentType : templates.propertyNames()) {
            Where where = new Where(logicalId, API_METHOD, "Integration.RequestTemplates." + contentType);
            String template = t.intrinsics.string(templates.get(contentType), where);
            Matcher m = STATIC_STATUS.matcher(template);
            if (m.matches()) {
                statusCodes.put(contentType, m.group(1));
            } else if (template.contains("$") || template.contains("#")) {
                throw where.fail("is a VTL template, which the emulator does not run (only static ones such as "
                        + "{\"statusCode\": 200})");
            } else {
                statusCodes.put(contentType, "");
            }
        }
        String passthrough = integration.has("PassthroughBehavior")
                ? t.intrinsics.string(
                        integration.get("PassthroughBehavior"),
                        new Where(logicalId, API_METHOD, "Integration.PassthroughBehavior"))
                : "WHEN_NO_MATCH";
        if (!Set.of("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER").contains(passthrough)) {
            throw new Where(logicalId, API_METHOD, "Integration.PassthroughBehavior")
                    .fail("'" + passthrough + "' is not WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER");
        }
        Map<String, JsonNode> methodResponses = new LinkedHashMap<>();
        for (JsonNode r : props.path("MethodResponses")) {
            methodResponses.put(r.path("StatusCode").asString(""), r);
        }
        List<MethodModel.MockResponse> responses = new ArrayList<>();
        JsonNode list = integration.path("IntegrationResponses");
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String base = "Integration.IntegrationResponses[" + i + "]";
            Where where = new Where(logicalId, API_METHOD, base);
            String status = t.intrinsics.string(r.get("StatusCode"), where.child("StatusCode"));
            if (!status.matches("[1-5]\\d\\d")) {
                throw where.child("StatusCode").fail("'" + status + "' is not an HTTP status code");
            }
            JsonNode declared = methodResponses.get(status);
            if (declared == null) {
                throw where.child("StatusCode")
                        .fail(status + " has no MethodResponses entry, which API Gateway refuses at deployment");
            }
            Optional<Pattern> selection = Optional.empty();
            if (r.has("SelectionPattern")) {
                String pattern = t.intrinsics.string(r.get("SelectionPattern"), where.child("SelectionPattern"));
                try {
                    selection = pattern.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(pattern));
                } catch (PatternSyntaxException e) {
                    throw where.child("SelectionPattern").fail("'" + pattern + "' is not a regular expression");
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode parameters = r.path("ResponseParameters");
            for (String key : parameters.propertyNames()) {
                Where p = where.child("ResponseParameters." + key);
                String prefix = "method.response.header.";
                if (!key.startsWith(prefix) || key.length() == prefix.length()) {
                    throw p.fail("maps no method.response.header.<name>");
                }
                String header = key.substring(prefix.length());
                if (!declared.path("ResponseParameters").has(key)) {
                    throw p.fail("is not declared in the MethodResponses entry of " + status
                            + ", which API Gateway refuses at deployment");
                }
                String value = t.intrinsics.string(parameters.get(key), p);
                if (value.length() < 2 || !value.startsWith("'") || !value.endsWith("'")) {
                    throw p.fail(
                            "'" + value + "' is not a static value ('...'), the only kind a mock integration maps");
                }
                headers.put(header, value.substring(1, value.length() - 1));
            }
            Map<String, String> bodies = new LinkedHashMap<>();
            List<String> echoed = new ArrayList<>();
            JsonNode responseTemplates = r.path("ResponseTemplates");
            for (String contentType : responseTemplates.propertyNames()) {
                Where p = where.child("ResponseTemplates." + contentType);
                String template = t.intrinsics.string(responseTemplates.get(contentType), p);
                Matcher cors = CDK_CORS_TEMPLATE.matcher(template);
                if (cors.matches()) {
                    echoed.addAll(corsOrigins(cors.group(1), p));
                    bodies.put(contentType, "");
                } else if (template.contains("$") || template.contains("#")) {
                    throw p.fail("is a VTL template, which the emulator does not run (only static bodies, and the "
                            + "CORS template the CDK writes)");
                } else {
                    bodies.put(contentType, template);
                }
            }
            responses.add(new MethodModel.MockResponse(status, selection, headers, bodies, echoed));
        }
        return new MethodModel.Mock(statusCodes, passthrough, responses);
    }

    private static List<String> corsOrigins(String condition, Where where) {
        List<String> origins = new ArrayList<>();
        for (String part : condition.split(" \\|\\| ")) {
            Matcher m = ORIGIN_CONDITION.matcher(part.strip());
            if (!m.matches()) {
                throw where.fail("is a VTL template, which the emulator does not run");
            }
            origins.add(m.group(1));
        }
        return origins;
    }

    List<Child<GatewayResponse>> gatewayResponses() {
        List<Child<GatewayResponse>> out = new ArrayList<>();
        for (String logicalId : t.ofType(GATEWAY_RESPONSE)) {
            String type = t.requiredString(logicalId, GATEWAY_RESPONSE, "ResponseType");
            if (!RESPONSE_TYPES.contains(type)) {
                throw ModelException.at(
                        logicalId, GATEWAY_RESPONSE, "ResponseType", "'" + type + "' is no gateway response type");
            }
            Optional<Integer> status = Optional.empty();
            if (t.properties(logicalId).has("StatusCode")) {
                Where where = new Where(logicalId, GATEWAY_RESPONSE, "StatusCode");
                String text = t.requiredString(logicalId, GATEWAY_RESPONSE, "StatusCode");
                if (!text.matches("[1-5]\\d\\d")) {
                    throw where.fail("'" + text + "' is not an HTTP status code");
                }
                status = Optional.of(Integer.parseInt(text));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode parameters = t.properties(logicalId).path("ResponseParameters");
            for (String key : parameters.propertyNames()) {
                Where where = new Where(logicalId, GATEWAY_RESPONSE, "ResponseParameters." + key);
                String prefix = "gatewayresponse.header.";
                if (!key.startsWith(prefix) || key.length() == prefix.length()) {
                    throw where.fail("maps no gatewayresponse.header.<name>");
                }
                String value = t.intrinsics.string(parameters.get(key), where);
                if (!staticValue(value) && !requestValue(value)) {
                    throw where.fail("'" + value + "' is not a static value ('...') or a method.request.header, "
                            + "querystring or path parameter");
                }
                headers.put(key.substring(prefix.length()), value);
            }
            Map<String, String> templates = new LinkedHashMap<>();
            JsonNode list = t.properties(logicalId).path("ResponseTemplates");
            for (String contentType : list.propertyNames()) {
                Where where = new Where(logicalId, GATEWAY_RESPONSE, "ResponseTemplates." + contentType);
                String template = t.intrinsics.string(list.get(contentType), where);
                Matcher m = TEMPLATE_VARIABLE.matcher(template);
                while (m.find()) {
                    boolean known = m.group(1).equals("stageVariables")
                            || (m.group(1).equals("context")
                                    && (CONTEXT_VARIABLES.contains(m.group(2))
                                            || m.group(2).startsWith("authorizer.")));
                    if (!known) {
                        throw where.fail("uses " + m.group() + ", which the emulator does not fill (it fills "
                                + "$stageVariables.* and $context." + CONTEXT_VARIABLES + ")");
                    }
                }
                templates.put(contentType, template);
            }
            out.add(new Child<>(
                    apiId(logicalId, GATEWAY_RESPONSE),
                    logicalId,
                    new GatewayResponse(type, status, headers, templates)));
        }
        return out;
    }

    static boolean staticValue(String value) {
        return value.length() >= 2 && value.startsWith("'") && value.endsWith("'");
    }

    static boolean requestValue(String value) {
        for (String prefix : List.of("method.request.header.", "method.request.querystring.", "method.request.path.")) {
            if (value.startsWith(prefix) && value.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    List<ApiKeyModel> apiKeys() {
        List<ApiKeyModel> out = new ArrayList<>();
        for (String logicalId : t.ofType(API_KEY)) {
            String name = t.optionalString(logicalId, "Name").orElseGet(() -> {
                String generated = t.stackName() + "-" + logicalId;
                return generated.length() > 1024 ? generated.substring(0, 1024) : generated;
            });
            String value = t.apiKeyValue(logicalId);
            if (value.length() < 20 || value.length() > 128) {
                throw ModelException.at(
                        logicalId, API_KEY, "Value", "is not 20 to 128 characters long, as API Gateway requires");
            }
            out.add(new ApiKeyModel(
                    t.stackName(),
                    logicalId,
                    name,
                    t.attribute(logicalId, "APIKeyId"),
                    value,
                    t.bool(logicalId, API_KEY, "Enabled")));
        }
        return out;
    }

    List<UsagePlanModel> usagePlans() {
        List<UsagePlanModel> out = new ArrayList<>();
        for (String logicalId : t.ofType(USAGE_PLAN)) {
            JsonNode props = t.properties(logicalId);
            List<ApiStage> stages = new ArrayList<>();
            JsonNode list = props.path("ApiStages");
            for (int i = 0; i < list.size(); i++) {
                Where where = new Where(logicalId, USAGE_PLAN, "ApiStages[" + i + "]");
                JsonNode stage = list.get(i);
                Map<String, Throttle> methods = new LinkedHashMap<>();
                JsonNode throttles = stage.path("Throttle");
                for (String key : throttles.propertyNames()) {
                    if (!key.matches("/.*/[A-Z*]+")) {
                        throw where.child("Throttle." + key).fail("is not <resource path>/<HTTP method>");
                    }
                    methods.put(key, throttle(throttles.get(key), where.child("Throttle." + key)));
                }
                stages.add(new ApiStage(
                        t.intrinsics.string(stage.get("ApiId"), where.child("ApiId")),
                        t.intrinsics.string(stage.get("Stage"), where.child("Stage")),
                        methods));
            }
            Optional<Throttle> throttle = props.has("Throttle")
                    ? Optional.of(throttle(props.get("Throttle"), new Where(logicalId, USAGE_PLAN, "Throttle")))
                    : Optional.empty();
            Optional<Quota> quota = Optional.empty();
            if (props.has("Quota")) {
                Where where = new Where(logicalId, USAGE_PLAN, "Quota");
                JsonNode q = props.get("Quota");
                int limit = integer(q.path("Limit"), where.child("Limit"))
                        .orElseThrow(() -> where.child("Limit").fail("is missing"));
                int offset = integer(q.path("Offset"), where.child("Offset")).orElse(0);
                String period = q.has("Period") ? t.intrinsics.string(q.get("Period"), where.child("Period")) : "";
                int maxOffset = switch (period) {
                    case "DAY" -> 0;
                    case "WEEK" -> 6;
                    case "MONTH" -> 27;
                    default -> throw where.child("Period").fail("'" + period + "' is not DAY, WEEK or MONTH");
                };
                if (offset < 0 || offset > maxOffset) {
                    throw where.child("Offset").fail(offset + " is outside 0 to " + maxOffset + " for " + period);
                }
                if (limit < 0) {
                    throw where.child("Limit").fail("is negative");
                }
                quota = Optional.of(new Quota(limit, offset, period));
            }
            out.add(new UsagePlanModel(
                    logicalId,
                    t.optionalString(logicalId, "UsagePlanName").orElse(logicalId),
                    t.attribute(logicalId, "Id"),
                    stages,
                    throttle,
                    quota,
                    List.of()));
        }
        return out;
    }

    private Throttle throttle(JsonNode node, Where where) {
        Optional<Double> rate = decimal(node.path("RateLimit"), where.child("RateLimit"));
        Optional<Integer> burst = integer(node.path("BurstLimit"), where.child("BurstLimit"));
        return new Throttle(rate, burst);
    }

    List<PlanKey> planKeys() {
        List<PlanKey> out = new ArrayList<>();
        for (String logicalId : t.ofType(USAGE_PLAN_KEY)) {
            String type = t.requiredString(logicalId, USAGE_PLAN_KEY, "KeyType");
            if (!type.equals("API_KEY")) {
                throw ModelException.at(logicalId, USAGE_PLAN_KEY, "KeyType", "'" + type + "' is not API_KEY");
            }
            out.add(new PlanKey(
                    t.requiredString(logicalId, USAGE_PLAN_KEY, "UsagePlanId"),
                    t.requiredString(logicalId, USAGE_PLAN_KEY, "KeyId")));
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private String apiId(String logicalId, String type) {
        return t.requiredString(logicalId, type, "RestApiId");
    }

    private void refuseIf(String logicalId, String type, String property, String problem) {
        JsonNode value = t.properties(logicalId).get(property);
        if (value != null && !value.isNull()) {
            throw ModelException.at(logicalId, type, property, problem);
        }
    }

    private Optional<Integer> integer(JsonNode node, Where where) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        String text = t.intrinsics.string(node, where);
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw where.fail("'" + text + "' is not a whole number");
        }
    }

    private Optional<Double> decimal(JsonNode node, Where where) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        String text = t.intrinsics.string(node, where);
        try {
            double value = Double.parseDouble(text);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw where.fail("'" + text + "' is not a rate");
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw where.fail("'" + text + "' is not a number");
        }
    }
}
