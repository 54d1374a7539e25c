package dev.gatewaycli.emulator.model;

import dev.gatewaycli.emulator.model.Intrinsics.Where;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads one CloudFormation template of this project's shape into a {@link ResolvedStack}. Physical ids come from the
 * {@link DeploymentIdentity}; ids nobody outside the stack sees (resource, authorizer, deployment ids) are derived
 * from the logical ids so that two runs with the same identity give the same model.
 */
final class TemplateReader {

    static final String USER_POOL = "AWS::Cognito::UserPool";
    static final String USER_POOL_CLIENT = "AWS::Cognito::UserPoolClient";
    static final String RESOURCE_SERVER = "AWS::Cognito::UserPoolResourceServer";
    static final String USER_POOL_DOMAIN = "AWS::Cognito::UserPoolDomain";
    static final String REST_API = "AWS::ApiGateway::RestApi";
    static final String API_RESOURCE = "AWS::ApiGateway::Resource";
    static final String API_METHOD = "AWS::ApiGateway::Method";
    static final String AUTHORIZER = "AWS::ApiGateway::Authorizer";
    static final String STAGE = "AWS::ApiGateway::Stage";
    static final String DEPLOYMENT = "AWS::ApiGateway::Deployment";
    static final String FUNCTION = "AWS::Lambda::Function";

    private static final String HEADER_SOURCE = "method.request.header.";

    private final String stackName;
    private final JsonNode resources;
    private final JsonNode parameters;
    private final Path assetDir;
    private final DeploymentIdentity id;
    private final Intrinsics intrinsics;
    private final FunctionReader functionReader;

    TemplateReader(String stackName, JsonNode template, Path assetDir, DeploymentIdentity id) {
        this.stackName = stackName;
        this.resources = template.path("Resources");
        this.parameters = template.path("Parameters");
        this.assetDir = assetDir;
        this.id = id;
        if (!resources.isObject() || resources.isEmpty()) {
            throw new ModelException("Template of stack '" + stackName + "' has no Resources");
        }
        this.intrinsics = new Intrinsics(this::ref, this::attribute);
        this.functionReader = new FunctionReader(new FunctionReader.Template() {
            @Override
            public JsonNode resource(String logicalId) {
                return resources.path(logicalId);
            }

            @Override
            public String string(JsonNode value, Where where) {
                return intrinsics.string(value, where);
            }

            @Override
            public Path assetDir() {
                return TemplateReader.this.assetDir;
            }

            @Override
            public String functionName(String logicalId) {
                return TemplateReader.this.functionName(logicalId);
            }
        });
    }

    ResolvedStack read() {
        String poolId = only(USER_POOL, null);
        UserPoolModel pool = userPool(poolId);
        String apiId = only(REST_API, null);
        Map<String, FunctionModel> functions = new LinkedHashMap<>();
        RestApiModel api = restApi(apiId, poolId, functions);
        return new ResolvedStack(stackName, pool, api, functions);
    }

    // ---------------------------------------------------------------- Cognito

    private UserPoolModel userPool(String poolLogicalId) {
        String name = optionalString(poolLogicalId, "UserPoolName").orElse(poolLogicalId);
        List<ResourceServerModel> servers = new ArrayList<>();
        for (String logicalId : ofType(RESOURCE_SERVER)) {
            if (!belongsToPool(logicalId, RESOURCE_SERVER, poolLogicalId)) {
                continue;
            }
            String identifier = requiredString(logicalId, RESOURCE_SERVER, "Identifier");
            String serverName = optionalString(logicalId, "Name").orElse(identifier);
            List<String> scopes = new ArrayList<>();
            JsonNode list = properties(logicalId).path("Scopes");
            for (int i = 0; i < list.size(); i++) {
                Where where = new Where(logicalId, RESOURCE_SERVER, "Scopes[" + i + "].ScopeName");
                scopes.add(identifier + "/" + intrinsics.string(list.get(i).get("ScopeName"), where));
            }
            servers.add(new ResourceServerModel(identifier, serverName, scopes));
        }
        List<String> clients = ofType(USER_POOL_CLIENT).stream()
                .filter(c -> belongsToPool(c, USER_POOL_CLIENT, poolLogicalId))
                .toList();
        if (clients.size() != 1) {
            throw new ModelException("Resource '" + poolLogicalId + "' (" + USER_POOL
                    + "): the emulator models exactly one " + USER_POOL_CLIENT + " per pool, found " + clients.size());
        }
        AppClientModel client = appClient(clients.get(0));
        Optional<String> domain = ofType(USER_POOL_DOMAIN).stream()
                .filter(d -> belongsToPool(d, USER_POOL_DOMAIN, poolLogicalId))
                .findFirst()
                .map(d -> requiredString(d, USER_POOL_DOMAIN, "Domain"));
        return new UserPoolModel(poolLogicalId, name, servers, client, domain);
    }

    private AppClientModel appClient(String logicalId) {
        JsonNode props = properties(logicalId);
        String name = optionalString(logicalId, "ClientName").orElse(logicalId);
        List<String> flows = optionalStrings(logicalId, USER_POOL_CLIENT, "AllowedOAuthFlows");
        boolean flowsEnabled = bool(logicalId, USER_POOL_CLIENT, "AllowedOAuthFlowsUserPoolClient");
        List<String> scopes = optionalStrings(logicalId, USER_POOL_CLIENT, "AllowedOAuthScopes");
        boolean secret = bool(logicalId, USER_POOL_CLIENT, "GenerateSecret");
        JsonNode units = props.path("TokenValidityUnits");
        Duration access = validity(
                logicalId,
                props.path("AccessTokenValidity"),
                units.path("AccessToken"),
                "AccessTokenValidity",
                Duration.ofMinutes(5),
                Duration.ofDays(1));
        Duration idToken = validity(
                logicalId,
                props.path("IdTokenValidity"),
                units.path("IdToken"),
                "IdTokenValidity",
                Duration.ofMinutes(5),
                Duration.ofDays(1));
        return new AppClientModel(logicalId, name, flows, flowsEnabled, scopes, secret, access, idToken);
    }

    /** Cognito's default unit is hours and the default validity one hour (FIDELITY.md §1, "Validity"). */
    private Duration validity(
            String logicalId, JsonNode amount, JsonNode unit, String property, Duration min, Duration max) {
        if (amount.isMissingNode() || amount.isNull()) {
            return Duration.ofHours(1);
        }
        Where where = new Where(logicalId, USER_POOL_CLIENT, property);
        long value;
        try {
            value = Long.parseLong(intrinsics.string(amount, where));
        } catch (NumberFormatException e) {
            throw where.fail("is not a whole number");
        }
        String unitName = unit.isMissingNode()
                ? "hours"
                : intrinsics
                        .string(unit, new Where(logicalId, USER_POOL_CLIENT, "TokenValidityUnits"))
                        .toLowerCase(Locale.ROOT);
        Duration duration = switch (unitName) {
            case "seconds" -> Duration.ofSeconds(value);
            case "minutes" -> Duration.ofMinutes(value);
            case "hours" -> Duration.ofHours(value);
            case "days" -> Duration.ofDays(value);
            default ->
                throw new Where(logicalId, USER_POOL_CLIENT, "TokenValidityUnits")
                        .fail("unknown unit '" + unitName + "'");
        };
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw where.fail(duration + " is outside Cognito's allowed range " + min + " to " + max);
        }
        return duration;
    }

    private boolean belongsToPool(String logicalId, String type, String poolLogicalId) {
        String poolId = requiredString(logicalId, type, "UserPoolId");
        return poolId.equals(ref(poolLogicalId));
    }

    // ---------------------------------------------------------------- API Gateway

    private RestApiModel restApi(String apiLogicalId, String poolLogicalId, Map<String, FunctionModel> functions) {
        String name = optionalString(apiLogicalId, "Name").orElse(apiLogicalId);
        Map<String, String> paths = resourcePaths(apiLogicalId);
        List<String> stages = new ArrayList<>();
        for (String logicalId : ofType(STAGE)) {
            if (belongsToApi(logicalId, STAGE)) {
                stages.add(requiredString(logicalId, STAGE, "StageName"));
            }
        }
        for (String logicalId : ofType(DEPLOYMENT)) {
            if (belongsToApi(logicalId, DEPLOYMENT) && properties(logicalId).has("StageName")) {
                String stage = requiredString(logicalId, DEPLOYMENT, "StageName");
                if (!stages.contains(stage)) {
                    stages.add(stage);
                }
            }
        }
        if (stages.isEmpty()) {
            throw new ModelException("Resource '" + apiLogicalId + "' (" + REST_API + "): no " + STAGE + " or "
                    + DEPLOYMENT + " with a StageName, so the API has no URL");
        }
        List<MethodModel> methods = new ArrayList<>();
        for (String logicalId : ofType(API_METHOD)) {
            if (!belongsToApi(logicalId, API_METHOD)) {
                continue;
            }
            String resourceId = requiredString(logicalId, API_METHOD, "ResourceId");
            String path = paths.get(resourceId);
            if (path == null) {
                throw ModelException.at(logicalId, API_METHOD, "ResourceId", "names no resource of " + apiLogicalId);
            }
            methods.add(method(logicalId, path, resourceId, poolLogicalId, functions));
        }
        if (methods.isEmpty()) {
            throw new ModelException(
                    "Resource '" + apiLogicalId + "' (" + REST_API + "): the API has no " + API_METHOD);
        }
        return new RestApiModel(apiLogicalId, name, id.apiId(), stages, methods);
    }

    /** Resource id → path template, from the root resource down through {@code ParentId}/{@code PathPart}. */
    private Map<String, String> resourcePaths(String apiLogicalId) {
        Map<String, String> parentOf = new HashMap<>();
        Map<String, String> partOf = new HashMap<>();
        Map<String, String> logicalOf = new HashMap<>();
        for (String logicalId : ofType(API_RESOURCE)) {
            if (!belongsToApi(logicalId, API_RESOURCE)) {
                continue;
            }
            String resourceId = ref(logicalId);
            parentOf.put(resourceId, requiredString(logicalId, API_RESOURCE, "ParentId"));
            partOf.put(resourceId, requiredString(logicalId, API_RESOURCE, "PathPart"));
            logicalOf.put(resourceId, logicalId);
        }
        Map<String, String> paths = new HashMap<>();
        paths.put(attribute(apiLogicalId, "RootResourceId"), "/");
        for (String resourceId : parentOf.keySet()) {
            List<String> parts = new ArrayList<>();
            String current = resourceId;
            int depth = 0;
            while (!paths.containsKey(current)) {
                if (!parentOf.containsKey(current) || ++depth > 64) {
                    throw ModelException.at(
                            logicalOf.get(resourceId),
                            API_RESOURCE,
                            "ParentId",
                            "does not lead to the root resource of " + apiLogicalId);
                }
                parts.add(0, partOf.get(current));
                current = parentOf.get(current);
            }
            String base = paths.get(current);
            paths.put(resourceId, (base.equals("/") ? "" : base) + "/" + String.join("/", parts));
        }
        return paths;
    }

    private MethodModel method(
            String logicalId,
            String path,
            String resourceId,
            String poolLogicalId,
            Map<String, FunctionModel> functions) {
        JsonNode props = properties(logicalId);
        String httpMethod = requiredString(logicalId, API_METHOD, "HttpMethod").toUpperCase(Locale.ROOT);
        if (props.path("ApiKeyRequired").asBoolean(false)) {
            throw ModelException.at(
                    logicalId, API_METHOD, "ApiKeyRequired", "API keys and usage plans are not emulated");
        }
        String authType = optionalString(logicalId, "AuthorizationType").orElse("NONE");
        Optional<AuthorizerModel> authorizer = Optional.empty();
        List<String> scopes = List.of();
        switch (authType) {
            case "NONE" -> {}
            case "COGNITO_USER_POOLS" -> {
                String authorizerRef = requiredRefTarget(logicalId, API_METHOD, "AuthorizerId");
                authorizer = Optional.of(authorizer(authorizerRef, poolLogicalId));
                scopes = optionalStrings(logicalId, API_METHOD, "AuthorizationScopes");
            }
            default ->
                throw ModelException.at(
                        logicalId,
                        API_METHOD,
                        "AuthorizationType",
                        "'" + authType + "' is not emulated (only NONE and COGNITO_USER_POOLS)");
        }
        JsonNode integration = props.path("Integration");
        Where typeWhere = new Where(logicalId, API_METHOD, "Integration.Type");
        String type = integration.has("Type") ? intrinsics.string(integration.get("Type"), typeWhere) : "";
        if (!type.equals("AWS_PROXY")) {
            throw typeWhere.fail("'" + type + "' is not emulated (only AWS_PROXY, the Lambda proxy integration)");
        }
        Where uriWhere = new Where(logicalId, API_METHOD, "Integration.Uri");
        String uri = intrinsics.string(integration.get("Uri"), uriWhere);
        String function = null;
        for (String candidate : ofType(FUNCTION)) {
            if (uri.contains(functionArn(candidate) + "/invocations")) {
                function = candidate;
            }
        }
        if (function == null) {
            throw uriWhere.fail("'" + uri + "' invokes no " + FUNCTION + " of this template");
        }
        functions.computeIfAbsent(function, functionReader::read);
        return new MethodModel(logicalId, httpMethod, path, resourceId, authorizer, scopes, function);
    }

    private AuthorizerModel authorizer(String logicalId, String poolLogicalId) {
        if (!AUTHORIZER.equals(type(logicalId))) {
            throw ModelException.at(
                    logicalId, type(logicalId), "Type", "is referenced as an authorizer but is not " + AUTHORIZER);
        }
        String type = requiredString(logicalId, AUTHORIZER, "Type");
        if (!type.equals("COGNITO_USER_POOLS")) {
            throw ModelException.at(
                    logicalId, AUTHORIZER, "Type", "'" + type + "' is not emulated (only COGNITO_USER_POOLS)");
        }
        String source = requiredString(logicalId, AUTHORIZER, "IdentitySource");
        if (!source.startsWith(HEADER_SOURCE) || source.length() == HEADER_SOURCE.length()) {
            throw ModelException.at(
                    logicalId,
                    AUTHORIZER,
                    "IdentitySource",
                    "'" + source + "' is not a " + HEADER_SOURCE + "<name> source");
        }
        List<String> providers = optionalStrings(logicalId, AUTHORIZER, "ProviderARNs");
        if (!providers.contains(attribute(poolLogicalId, "Arn"))) {
            throw ModelException.at(
                    logicalId, AUTHORIZER, "ProviderARNs", "does not name the user pool " + poolLogicalId);
        }
        Optional<Duration> ttl = Optional.empty();
        if (properties(logicalId).has("AuthorizerResultTtlInSeconds")) {
            Where where = new Where(logicalId, AUTHORIZER, "AuthorizerResultTtlInSeconds");
            try {
                long seconds = Long.parseLong(
                        intrinsics.string(properties(logicalId).get("AuthorizerResultTtlInSeconds"), where));
                if (seconds < 0 || seconds > 3600) {
                    throw where.fail(seconds + " is outside 0 to 3600");
                }
                ttl = Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                throw where.fail("is not a whole number");
            }
        }
        String name = optionalString(logicalId, "Name").orElse(logicalId);
        return new AuthorizerModel(logicalId, name, source.substring(HEADER_SOURCE.length()), ttl);
    }

    private boolean belongsToApi(String logicalId, String type) {
        return requiredString(logicalId, type, "RestApiId").equals(id.apiId());
    }

    // ---------------------------------------------------------------- Lambda

    private String functionName(String logicalId) {
        return optionalString(logicalId, "FunctionName").orElseGet(() -> {
            // CloudFormation generates <stack>-<logicalId>-<random>; the emulator keeps it stable and within 64 chars.
            String generated = stackName + "-" + logicalId;
            return generated.length() > 64 ? generated.substring(0, 64) : generated;
        });
    }

    private String functionArn(String logicalId) {
        return "arn:aws:lambda:" + id.region() + ":" + id.accountId() + ":function:" + functionName(logicalId);
    }

    // ---------------------------------------------------------------- Ref / GetAtt

    private String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return id.region();
            case "AWS::AccountId":
                return id.accountId();
            case "AWS::StackName":
                return stackName;
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + id.region() + ":" + id.accountId() + ":stack/" + stackName + "/"
                        + shortId(stackName, 8) + "-0000-0000-0000-" + shortId(stackName + "#", 12);
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        if (parameters.has(name)) {
            JsonNode def = parameters.get(name).get("Default");
            return def != null && def.isValueNode() ? def.asString() : null;
        }
        String type = type(name);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case USER_POOL -> id.userPoolId();
            case USER_POOL_CLIENT -> id.clientId();
            case RESOURCE_SERVER -> requiredString(name, type, "Identifier");
            case USER_POOL_DOMAIN -> requiredString(name, type, "Domain");
            case REST_API -> id.apiId();
            case STAGE -> requiredString(name, type, "StageName");
            case FUNCTION -> functionName(name);
            default -> shortId(name, type.startsWith("AWS::ApiGateway::") ? 6 : 10);
        };
    }

    private String attribute(String logicalId, String attribute) {
        String type = type(logicalId);
        if (type == null) {
            return null;
        }
        String region = id.region();
        String account = id.accountId();
        return switch (type + "." + attribute) {
            case USER_POOL + ".Arn" -> "arn:aws:cognito-idp:" + region + ":" + account + ":userpool/" + id.userPoolId();
            case USER_POOL + ".ProviderName" -> "cognito-idp." + region + ".amazonaws.com/" + id.userPoolId();
            case USER_POOL + ".ProviderURL" -> "https://cognito-idp." + region + ".amazonaws.com/" + id.userPoolId();
            case USER_POOL + ".UserPoolId" -> id.userPoolId();
            case USER_POOL_CLIENT + ".ClientId" -> id.clientId();
            case REST_API + ".RootResourceId" -> shortId(logicalId + "/", 10);
            case REST_API + ".RestApiId" -> id.apiId();
            case FUNCTION + ".Arn" -> functionArn(logicalId);
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + account + ":role/" + shortId(logicalId, 12);
            default -> null;
        };
    }

    // ---------------------------------------------------------------- helpers

    private String only(String type, String owner) {
        List<String> found = ofType(type);
        if (found.size() != 1) {
            throw new ModelException(
                    "Stack '" + stackName + "': the emulator models exactly one " + type + ", found " + found.size());
        }
        return found.get(0);
    }

    private List<String> ofType(String type) {
        List<String> out = new ArrayList<>();
        for (String logicalId : resources.propertyNames()) {
            if (type.equals(type(logicalId))) {
                out.add(logicalId);
            }
        }
        return out;
    }

    private String type(String logicalId) {
        JsonNode resource = resources.get(logicalId);
        return resource == null ? null : resource.path("Type").asString(null);
    }

    private JsonNode properties(String logicalId) {
        return resources.path(logicalId).path("Properties");
    }

    private String requiredString(String logicalId, String type, String property) {
        JsonNode value = properties(logicalId).get(property);
        Where where = new Where(logicalId, type, property);
        if (value == null) {
            throw where.fail("is missing");
        }
        return intrinsics.string(value, where);
    }

    private Optional<String> optionalString(String logicalId, String property) {
        JsonNode value = properties(logicalId).get(property);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(intrinsics.string(value, new Where(logicalId, type(logicalId), property)));
    }

    private List<String> optionalStrings(String logicalId, String type, String property) {
        JsonNode value = properties(logicalId).get(property);
        return value == null || value.isNull()
                ? List.of()
                : intrinsics.strings(value, new Where(logicalId, type, property));
    }

    private boolean bool(String logicalId, String type, String property) {
        JsonNode value = properties(logicalId).get(property);
        if (value == null || value.isNull()) {
            return false;
        }
        String text = intrinsics.string(value, new Where(logicalId, type, property));
        if (!text.equals("true") && !text.equals("false")) {
            throw ModelException.at(logicalId, type, property, "is not true or false");
        }
        return Boolean.parseBoolean(text);
    }

    /** The Ref target of a property that must be {@code {"Ref": "LogicalId"}}. */
    private String requiredRefTarget(String logicalId, String type, String property) {
        JsonNode value = properties(logicalId).get(property);
        if (value == null || !value.has("Ref") || resources.get(value.get("Ref").asString()) == null) {
            throw ModelException.at(logicalId, type, property, "must be a Ref to a resource of this template");
        }
        return value.get("Ref").asString();
    }

    /** A stable id of {@code length} lowercase letters and digits derived from {@code seed}. */
    static String shortId(String seed, int length) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(length);
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            for (int i = 0; i < length; i++) {
                out.append(alphabet.charAt((hash[i] & 0xff) % alphabet.length()));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
