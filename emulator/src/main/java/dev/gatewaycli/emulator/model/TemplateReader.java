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
 * Reads one stack's template for one deployment: its parameters, its conditions, and the physical names
 * {@code Ref}, {@code Fn::GetAtt} and the pseudo parameters resolve to. Physical ids callers see (pools, clients,
 * APIs, keys) come from the {@link PhysicalIds} the {@link AssemblyReader} assigns; ids nobody outside the stack
 * sees (resource, authorizer, deployment ids) are derived from the stack and logical ids, so that two reads of the
 * same deployment agree. The Cognito resources are read here; {@link ApiReader} reads the API Gateway ones.
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
    static final String GATEWAY_RESPONSE = "AWS::ApiGateway::GatewayResponse";
    static final String REQUEST_VALIDATOR = "AWS::ApiGateway::RequestValidator";
    static final String API_KEY = "AWS::ApiGateway::ApiKey";
    static final String USAGE_PLAN = "AWS::ApiGateway::UsagePlan";
    static final String USAGE_PLAN_KEY = "AWS::ApiGateway::UsagePlanKey";
    static final String FUNCTION = "AWS::Lambda::Function";
    static final String SSM_PARAMETER = "AWS::SSM::Parameter";

    /** One stack of a cloud assembly (or a lone template): where its template and assets are, and its environment. */
    record StackTemplate(
            String artifactId,
            String stackName,
            JsonNode template,
            Path assetDir,
            Optional<String> account,
            Optional<String> region,
            List<String> dependencies) {}

    /** What a stack needs of the assembly around it. */
    interface Assembly {
        Object importValue(String exportName, Where where);

        String ssmParameter(String name, TemplateReader asking, Where where);
    }

    final StackTemplate stack;
    final String region;
    final String accountId;
    private final Deployment deployment;
    private TemplateParameters parameters;
    private boolean idsAssigned;
    final Intrinsics intrinsics;
    final FunctionReader functionReader;
    private final Assembly assembly;
    private JsonNode resources;
    private JsonNode outputs;
    private boolean conditioning;

    private final Map<String, String> poolIds = new HashMap<>();
    private final Map<String, String> clientIds = new HashMap<>();
    private final Map<String, String> clientSecrets = new HashMap<>();
    private final Map<String, String> apiIds = new HashMap<>();
    private final Map<String, String> apiKeyIds = new HashMap<>();
    private final Map<String, String> apiKeyValues = new HashMap<>();

    TemplateReader(StackTemplate stack, Deployment deployment, Assembly assembly) {
        this.stack = stack;
        this.assembly = assembly;
        this.region = stack.region().orElse(deployment.region());
        this.accountId = stack.account().orElse(deployment.accountId());
        JsonNode template = stack.template();
        if (template.has("Transform")) {
            throw new ModelException("the template has a Transform (" + Intrinsics.describe(template.get("Transform"))
                            + "), which only CloudFormation can expand; the emulator reads synthesized templates")
                    .inStack(stack.stackName());
        }
        JsonNode raw = template.path("Resources");
        if (!raw.isObject() || raw.isEmpty()) {
            throw new ModelException("the template has no Resources").inStack(stack.stackName());
        }
        this.deployment = deployment;
        this.intrinsics = new Intrinsics(new StackScope(true));
        this.functionReader = new FunctionReader(new FunctionReader.Template() {
            @Override
            public JsonNode resource(String logicalId) {
                return resources().path(logicalId);
            }

            @Override
            public String string(JsonNode value, Where where) {
                return intrinsics.string(value, where);
            }

            @Override
            public Path assetDir() {
                return stack.assetDir();
            }

            @Override
            public String functionName(String logicalId) {
                return TemplateReader.this.functionName(logicalId);
            }
        });
    }

    String stackName() {
        return stack.stackName();
    }

    /** The names of the template's parameters (what an override may name). */
    List<String> parameterNames() {
        List<String> out = new ArrayList<>();
        stack.template().path("Parameters").propertyNames().forEach(out::add);
        return out;
    }

    /**
     * The parameters with their values, checked when first needed: a stack that is only read for its exports or SSM
     * parameters is not refused for a parameter nothing uses.
     */
    TemplateParameters parameters() {
        if (parameters == null) {
            parameters = new TemplateParameters(
                    stack.stackName(),
                    stack.template().path("Parameters"),
                    deployment::parameterValue,
                    (name, where) -> assembly.ssmParameter(name, this, where));
        }
        return parameters;
    }

    /** The resources that exist in this deployment: conditions applied. */
    JsonNode resources() {
        condition();
        return resources;
    }

    JsonNode outputs() {
        condition();
        return outputs;
    }

    private void condition() {
        if (resources != null) {
            return;
        }
        if (conditioning) {
            throw new ModelException("its conditions depend on a value of the stack itself").inStack(stack.stackName());
        }
        conditioning = true;
        try {
            Conditions conditions =
                    new Conditions(stack.template().path("Conditions"), new Intrinsics(new StackScope(false)));
            JsonNode applied = conditions.apply(stack.template());
            outputs = applied.path("Outputs");
            resources = applied.path("Resources");
        } catch (ModelException e) {
            throw e.inStack(stack.stackName());
        } finally {
            conditioning = false;
        }
    }

    /**
     * Gives this stack's pools, clients, APIs and keys their physical ids, numbering on from {@code next}; once.
     */
    void assignIds(PhysicalIds ids, int[] next) {
        if (idsAssigned) {
            return;
        }
        idsAssigned = true;
        for (String logicalId : ofType(USER_POOL)) {
            poolIds.put(logicalId, ids.userPoolId(region, next[0]++));
        }
        for (String logicalId : ofType(USER_POOL_CLIENT)) {
            int ordinal = next[1]++;
            clientIds.put(logicalId, ids.clientId(ordinal));
            clientSecrets.put(logicalId, ids.clientSecret(ordinal));
        }
        for (String logicalId : ofType(REST_API)) {
            apiIds.put(logicalId, ids.restApiId(next[2]++));
        }
        for (String logicalId : ofType(API_KEY)) {
            int ordinal = next[3]++;
            apiKeyIds.put(logicalId, ids.apiKeyId(ordinal));
            apiKeyValues.put(logicalId, ids.apiKeyValue(ordinal));
        }
    }

    // ---------------------------------------------------------------- Cognito

    /** The pools of this stack, without what hangs off them (the assembly joins those by pool id). */
    List<UserPoolModel> userPools() {
        List<UserPoolModel> out = new ArrayList<>();
        for (String logicalId : ofType(USER_POOL)) {
            JsonNode props = properties(logicalId);
            if (props.has("LambdaConfig")
                    && (props.path("LambdaConfig").has("PreTokenGeneration")
                            || props.path("LambdaConfig").has("PreTokenGenerationConfig"))) {
                throw ModelException.at(
                        logicalId,
                        USER_POOL,
                        "LambdaConfig.PreTokenGeneration",
                        "a pre token generation trigger is not emulated (it changes the claims of tokens)");
            }
            String name = optionalString(logicalId, "UserPoolName").orElse(logicalId);
            out.add(new UserPoolModel(
                    stackName(),
                    logicalId,
                    name,
                    poolIds.get(logicalId),
                    region,
                    accountId,
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    poolConfig(logicalId)));
        }
        return out;
    }

    /** How the pool's users sign in and what their passwords and attributes must be; Cognito's defaults if unset. */
    private UserPoolConfig poolConfig(String logicalId) {
        JsonNode props = properties(logicalId);
        UserPoolConfig.PasswordPolicy defaults = UserPoolConfig.PasswordPolicy.COGNITO_DEFAULT;
        UserPoolConfig.PasswordPolicy policy = defaults;
        JsonNode given = props.path("Policies").path("PasswordPolicy");
        if (given.isObject()) {
            // A policy that is given but leaves a rule out does not require it (CloudFormation's booleans default to
            // false); the length and the temporary password's validity keep Cognito's defaults.
            policy = new UserPoolConfig.PasswordPolicy(
                    number(logicalId, given, "Policies.PasswordPolicy.MinimumLength", defaults.minimumLength(), 6, 99),
                    flag(logicalId, given, "Policies.PasswordPolicy.RequireUppercase", false),
                    flag(logicalId, given, "Policies.PasswordPolicy.RequireLowercase", false),
                    flag(logicalId, given, "Policies.PasswordPolicy.RequireNumbers", false),
                    flag(logicalId, given, "Policies.PasswordPolicy.RequireSymbols", false),
                    number(
                            logicalId,
                            given,
                            "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
                            defaults.temporaryPasswordValidityDays(),
                            0,
                            365));
        }
        List<String> usernameAttributes = optionalStrings(logicalId, USER_POOL, "UsernameAttributes");
        for (String attribute : usernameAttributes) {
            if (!attribute.equals("email") && !attribute.equals("phone_number")) {
                throw ModelException.at(
                        logicalId, USER_POOL, "UsernameAttributes", "'" + attribute + "' is not email or phone_number");
            }
        }
        List<String> aliasAttributes = optionalStrings(logicalId, USER_POOL, "AliasAttributes");
        for (String attribute : aliasAttributes) {
            if (!List.of("email", "phone_number", "preferred_username").contains(attribute)) {
                throw ModelException.at(
                        logicalId,
                        USER_POOL,
                        "AliasAttributes",
                        "'" + attribute + "' is not email, phone_number or preferred_username");
            }
        }
        if (!usernameAttributes.isEmpty() && !aliasAttributes.isEmpty()) {
            throw ModelException.at(
                    logicalId,
                    USER_POOL,
                    "AliasAttributes",
                    "a pool has UsernameAttributes or AliasAttributes, not both (Cognito refuses the pair)");
        }
        List<String> required = new ArrayList<>();
        List<String> custom = new ArrayList<>();
        JsonNode schema = props.path("Schema");
        for (int i = 0; i < schema.size(); i++) {
            JsonNode attribute = schema.get(i);
            String where = "Schema[" + i + "]";
            String name = intrinsics.string(attribute.path("Name"), new Where(logicalId, USER_POOL, where + ".Name"));
            if (!UserPoolConfig.STANDARD_ATTRIBUTES.contains(name)) {
                name = name.startsWith("custom:") ? name : "custom:" + name;
                custom.add(name);
            }
            if (flag(logicalId, attribute, where + ".Required", false)) {
                required.add(name);
            }
        }
        JsonNode usernameConfiguration = props.path("UsernameConfiguration");
        String mfa = optionalString(logicalId, "MfaConfiguration").orElse("OFF");
        if (!List.of("OFF", "ON", "OPTIONAL").contains(mfa)) {
            throw ModelException.at(
                    logicalId, USER_POOL, "MfaConfiguration", "'" + mfa + "' is not OFF, ON or OPTIONAL");
        }
        return new UserPoolConfig(
                policy,
                usernameAttributes,
                aliasAttributes,
                optionalStrings(logicalId, USER_POOL, "AutoVerifiedAttributes"),
                flag(logicalId, usernameConfiguration, "UsernameConfiguration.CaseSensitive", true),
                flag(
                        logicalId,
                        props.path("AdminCreateUserConfig"),
                        "AdminCreateUserConfig.AllowAdminCreateUserOnly",
                        false),
                required,
                custom,
                mfa);
    }

    /** The boolean {@code property} of {@code parent} (named by its dotted path), {@code absent} when it is absent. */
    private boolean flag(String logicalId, JsonNode parent, String path, boolean absent) {
        JsonNode value = parent.path(path.substring(path.lastIndexOf('.') + 1));
        if (value.isMissingNode() || value.isNull()) {
            return absent;
        }
        String text = intrinsics.string(value, new Where(logicalId, type(logicalId), path));
        if (!text.equals("true") && !text.equals("false")) {
            throw ModelException.at(logicalId, type(logicalId), path, "is not true or false");
        }
        return Boolean.parseBoolean(text);
    }

    /** The whole number {@code property} of {@code parent}, {@code absent} when it is absent, within bounds. */
    private int number(String logicalId, JsonNode parent, String path, int absent, int min, int max) {
        JsonNode value = parent.path(path.substring(path.lastIndexOf('.') + 1));
        if (value.isMissingNode() || value.isNull()) {
            return absent;
        }
        Where where = new Where(logicalId, type(logicalId), path);
        int n;
        try {
            n = Integer.parseInt(intrinsics.string(value, where));
        } catch (NumberFormatException e) {
            throw where.fail("is not a whole number");
        }
        if (n < min || n > max) {
            throw where.fail(n + " is outside Cognito's allowed range " + min + " to " + max);
        }
        return n;
    }

    /** A resource server, client or domain of this stack with the pool id its {@code UserPoolId} names. */
    record PoolChild<T>(String userPoolId, String logicalId, String type, T value) {}

    List<PoolChild<ResourceServerModel>> resourceServers() {
        List<PoolChild<ResourceServerModel>> out = new ArrayList<>();
        for (String logicalId : ofType(RESOURCE_SERVER)) {
            String identifier = requiredString(logicalId, RESOURCE_SERVER, "Identifier");
            String serverName = optionalString(logicalId, "Name").orElse(identifier);
            List<String> scopes = new ArrayList<>();
            JsonNode list = properties(logicalId).path("Scopes");
            for (int i = 0; i < list.size(); i++) {
                Where where = new Where(logicalId, RESOURCE_SERVER, "Scopes[" + i + "].ScopeName");
                scopes.add(identifier + "/" + intrinsics.string(list.get(i).get("ScopeName"), where));
            }
            out.add(new PoolChild<>(
                    requiredString(logicalId, RESOURCE_SERVER, "UserPoolId"),
                    logicalId,
                    RESOURCE_SERVER,
                    new ResourceServerModel(identifier, serverName, scopes)));
        }
        return out;
    }

    List<PoolChild<AppClientModel>> appClients() {
        List<PoolChild<AppClientModel>> out = new ArrayList<>();
        for (String logicalId : ofType(USER_POOL_CLIENT)) {
            out.add(new PoolChild<>(
                    requiredString(logicalId, USER_POOL_CLIENT, "UserPoolId"),
                    logicalId,
                    USER_POOL_CLIENT,
                    appClient(logicalId)));
        }
        return out;
    }

    List<PoolChild<String>> domains() {
        List<PoolChild<String>> out = new ArrayList<>();
        for (String logicalId : ofType(USER_POOL_DOMAIN)) {
            out.add(new PoolChild<>(
                    requiredString(logicalId, USER_POOL_DOMAIN, "UserPoolId"),
                    logicalId,
                    USER_POOL_DOMAIN,
                    requiredString(logicalId, USER_POOL_DOMAIN, "Domain")));
        }
        return out;
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
                TokenValidity.ACCESS);
        Duration idToken = validity(
                logicalId, props.path("IdTokenValidity"), units.path("IdToken"), "IdTokenValidity", TokenValidity.ID);
        Duration refresh = validity(
                logicalId,
                props.path("RefreshTokenValidity"),
                units.path("RefreshToken"),
                "RefreshTokenValidity",
                TokenValidity.REFRESH);
        AppClientModel.ValidityUnits defaults = AppClientModel.ValidityUnits.DEFAULT;
        AppClientModel.ValidityUnits validityUnits = new AppClientModel.ValidityUnits(
                unit(logicalId, units.path("AccessToken"), defaults.accessToken()),
                unit(logicalId, units.path("IdToken"), defaults.idToken()),
                unit(logicalId, units.path("RefreshToken"), defaults.refreshToken()));
        List<String> authFlows = props.has("ExplicitAuthFlows")
                ? optionalStrings(logicalId, USER_POOL_CLIENT, "ExplicitAuthFlows")
                : AppClientModel.DEFAULT_AUTH_FLOWS;
        try {
            AppClientModel.allowedFlows(authFlows);
        } catch (IllegalArgumentException e) {
            throw ModelException.at(logicalId, USER_POOL_CLIENT, "ExplicitAuthFlows", e.getMessage());
        }
        String existenceErrors =
                optionalString(logicalId, "PreventUserExistenceErrors").orElse("LEGACY");
        if (!existenceErrors.equals("LEGACY") && !existenceErrors.equals("ENABLED")) {
            throw ModelException.at(
                    logicalId,
                    USER_POOL_CLIENT,
                    "PreventUserExistenceErrors",
                    "'" + existenceErrors + "' is not LEGACY or ENABLED");
        }
        return new AppClientModel(
                logicalId,
                name,
                clientIds.get(logicalId),
                secret ? Optional.of(clientSecrets.get(logicalId)) : Optional.empty(),
                flows,
                flowsEnabled,
                scopes,
                access,
                idToken,
                refresh,
                validityUnits,
                authFlows,
                existenceErrors.equals("ENABLED"),
                flag(logicalId, props, "EnableTokenRevocation", true),
                optionalStrings(logicalId, USER_POOL_CLIENT, "CallbackURLs"),
                optionalStrings(logicalId, USER_POOL_CLIENT, "LogoutURLs"),
                optionalStrings(logicalId, USER_POOL_CLIENT, "SupportedIdentityProviders"));
    }

    private String unit(String logicalId, JsonNode unit, String absent) {
        return unit.isMissingNode() || unit.isNull()
                ? absent
                : intrinsics
                        .string(unit, new Where(logicalId, USER_POOL_CLIENT, "TokenValidityUnits"))
                        .toLowerCase(Locale.ROOT);
    }

    /**
     * A validity in {@code TokenValidityUnits}, each token type's default unit and value when absent, within Cognito's
     * range (fidelity.md §1, "Validity"; §8, "Validity").
     */
    private Duration validity(String logicalId, JsonNode amount, JsonNode unit, String property, TokenValidity kind) {
        if (amount.isMissingNode() || amount.isNull()) {
            return kind.absent();
        }
        Where where = new Where(logicalId, USER_POOL_CLIENT, property);
        long value;
        try {
            value = Long.parseLong(intrinsics.string(amount, where));
        } catch (NumberFormatException e) {
            throw where.fail("is not a whole number");
        }
        String unitName = unit(logicalId, unit, kind.defaultUnit());
        Duration duration;
        try {
            duration = TokenValidity.duration(value, unitName);
        } catch (IllegalArgumentException e) {
            throw new Where(logicalId, USER_POOL_CLIENT, "TokenValidityUnits").fail(e.getMessage());
        }
        if (!kind.allows(duration)) {
            throw where.fail(duration + " is outside Cognito's allowed range " + kind.min() + " to " + kind.max());
        }
        return duration;
    }

    // ---------------------------------------------------------------- SSM, exports

    /** SSM parameter name → logical id of each {@code AWS::SSM::Parameter} with a {@code Name}. */
    Map<String, String> ssmParameters() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String logicalId : ofType(SSM_PARAMETER)) {
            optionalString(logicalId, "Name").ifPresent(name -> out.put(name, logicalId));
        }
        return out;
    }

    String ssmValue(String logicalId) {
        return requiredString(logicalId, SSM_PARAMETER, "Value");
    }

    /** Export name → output name. */
    Map<String, String> exports() {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode all = outputs();
        for (String output : all.propertyNames()) {
            JsonNode name = all.get(output).path("Export").path("Name");
            if (!name.isMissingNode()) {
                out.put(intrinsics.string(name, new Where(output, "Output", "Export.Name")), output);
            }
        }
        return out;
    }

    Object outputValue(String output) {
        return intrinsics.value(outputs().path(output).path("Value"), new Where(output, "Output", "Value"));
    }

    // ---------------------------------------------------------------- Lambda

    String functionName(String logicalId) {
        return optionalString(logicalId, "FunctionName").orElseGet(() -> {
            // CloudFormation generates <stack>-<logicalId>-<random>; the emulator keeps it stable and within 64 chars.
            String generated = stackName() + "-" + logicalId;
            return generated.length() > 64 ? generated.substring(0, 64) : generated;
        });
    }

    String functionArn(String logicalId) {
        return arn("lambda", accountId, "function:" + functionName(logicalId));
    }

    private String arn(String service, String account, String resource) {
        return "arn:" + Partitions.partition(region) + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    // ---------------------------------------------------------------- Ref / GetAtt

    /**
     * The names intrinsics resolve against. Before the conditions are applied ({@code resources} false) only
     * parameters and pseudo parameters exist: a condition cannot depend on a resource.
     */
    private final class StackScope implements Intrinsics.Scope {
        private final boolean withResources;

        StackScope(boolean withResources) {
            this.withResources = withResources;
        }

        @Override
        public Object ref(String name, Where where) {
            String pseudo = pseudoParameter(name);
            if (pseudo != null) {
                return pseudo;
            }
            if (name.equals("AWS::NotificationARNs")) {
                return List.of();
            }
            if (parameters().declares(name)) {
                return parameters().value(name, where);
            }
            return withResources ? resourceRef(name) : null;
        }

        @Override
        public String attribute(String logicalId, String attribute, Where where) {
            return withResources ? TemplateReader.this.attribute(logicalId, attribute) : null;
        }

        @Override
        public Object importValue(String name, Where where) {
            return assembly.importValue(name, where);
        }

        @Override
        public String ssmParameter(String name, Where where) {
            return assembly.ssmParameter(name, TemplateReader.this, where);
        }

        @Override
        public JsonNode mappings() {
            return stack.template().path("Mappings");
        }

        @Override
        public String region() {
            return region;
        }
    }

    private String pseudoParameter(String name) {
        return switch (name) {
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> accountId;
            case "AWS::StackName" -> stackName();
            case "AWS::StackId" ->
                arn("cloudformation", accountId, "stack/" + stackName() + "/") + shortId(stackName(), 8)
                        + "-0000-0000-0000-" + shortId(stackName() + "#", 12);
            case "AWS::Partition" -> Partitions.partition(region);
            case "AWS::URLSuffix" -> Partitions.urlSuffix(region);
            default -> null;
        };
    }

    /**
     * {@code Ref} of a resource: the physical id CloudFormation returns for its type. A resource the emulator does not
     * model gets a stable id of letters and digits (docs/emulator.md, "Names of resources it does not model").
     */
    private String resourceRef(String name) {
        String type = type(name);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case USER_POOL -> poolIds.get(name);
            case USER_POOL_CLIENT -> clientIds.get(name);
            case RESOURCE_SERVER -> requiredString(name, type, "Identifier");
            case USER_POOL_DOMAIN -> requiredString(name, type, "Domain");
            case REST_API -> apiIds.get(name);
            case API_KEY -> apiKeyIds.get(name);
            case STAGE -> requiredString(name, type, "StageName");
            case FUNCTION -> functionName(name);
            case SSM_PARAMETER ->
                optionalString(name, "Name").orElse("CFN-" + name + "-" + shortId(stackName() + "/" + name, 12, true));
            default -> shortId(stackName() + "/" + name, type.startsWith("AWS::ApiGateway::") ? 6 : 10);
        };
    }

    String attribute(String logicalId, String attribute) {
        String type = type(logicalId);
        if (type == null) {
            return null;
        }
        return switch (type + "." + attribute) {
            case USER_POOL + ".Arn" -> arn("cognito-idp", accountId, "userpool/" + poolIds.get(logicalId));
            case USER_POOL + ".ProviderName" ->
                "cognito-idp." + region + "." + Partitions.urlSuffix(region) + "/" + poolIds.get(logicalId);
            case USER_POOL + ".ProviderURL" ->
                "https://cognito-idp." + region + "." + Partitions.urlSuffix(region) + "/" + poolIds.get(logicalId);
            case USER_POOL + ".UserPoolId" -> poolIds.get(logicalId);
            case USER_POOL_CLIENT + ".ClientId" -> clientIds.get(logicalId);
            case USER_POOL_CLIENT + ".Name" ->
                optionalString(logicalId, "ClientName").orElse(logicalId);
            case USER_POOL_CLIENT + ".ClientSecret" ->
                bool(logicalId, USER_POOL_CLIENT, "GenerateSecret") ? clientSecrets.get(logicalId) : null;
            case REST_API + ".RootResourceId" -> rootResourceId(logicalId);
            case REST_API + ".RestApiId" -> apiIds.get(logicalId);
            case API_RESOURCE + ".ResourceId",
                    AUTHORIZER + ".AuthorizerId",
                    DEPLOYMENT + ".DeploymentId",
                    USAGE_PLAN + ".Id" -> resourceRef(logicalId);
            case API_KEY + ".APIKeyId" -> apiKeyIds.get(logicalId);
            case FUNCTION + ".Arn" -> functionArn(logicalId);
            case SSM_PARAMETER + ".Value" -> ssmValue(logicalId);
            case SSM_PARAMETER + ".Type" -> requiredString(logicalId, SSM_PARAMETER, "Type");
            case "AWS::IAM::Role.Arn" ->
                "arn:" + Partitions.partition(region) + ":iam::" + accountId + ":role/" + resourceRef(logicalId);
            case "AWS::Logs::LogGroup.Arn" -> arn("logs", accountId, "log-group:" + resourceRef(logicalId) + ":*");
            default -> null;
        };
    }

    /** {@code Ref} of a resource of this stack. */
    String physicalId(String logicalId) {
        return resourceRef(logicalId);
    }

    String rootResourceId(String apiLogicalId) {
        return shortId(stackName() + "/" + apiLogicalId + "/", 10);
    }

    String apiKeyValue(String logicalId) {
        return optionalString(logicalId, "Value").orElse(apiKeyValues.get(logicalId));
    }

    // ---------------------------------------------------------------- helpers

    List<String> ofType(String type) {
        List<String> out = new ArrayList<>();
        JsonNode all = resources();
        for (String logicalId : all.propertyNames()) {
            if (type.equals(type(logicalId))) {
                out.add(logicalId);
            }
        }
        return out;
    }

    String type(String logicalId) {
        JsonNode resource = resources().get(logicalId);
        return resource == null ? null : resource.path("Type").asString(null);
    }

    JsonNode properties(String logicalId) {
        return resources().path(logicalId).path("Properties");
    }

    String requiredString(String logicalId, String type, String property) {
        JsonNode value = properties(logicalId).get(property);
        Where where = new Where(logicalId, type, property);
        if (value == null) {
            throw where.fail("is missing");
        }
        return intrinsics.string(value, where);
    }

    Optional<String> optionalString(String logicalId, String property) {
        JsonNode value = properties(logicalId).get(property);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(intrinsics.string(value, new Where(logicalId, type(logicalId), property)));
    }

    List<String> optionalStrings(String logicalId, String type, String property) {
        JsonNode value = properties(logicalId).get(property);
        return value == null || value.isNull()
                ? List.of()
                : intrinsics.strings(value, new Where(logicalId, type, property));
    }

    boolean bool(String logicalId, String type, String property) {
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

    /** A stable id of {@code length} lowercase letters and digits derived from {@code seed}. */
    static String shortId(String seed, int length) {
        return shortId(seed, length, false);
    }

    /** A stable id of {@code length} letters (upper and lower case when {@code mixedCase}) and digits. */
    static String shortId(String seed, int length, boolean mixedCase) {
        String alphabet = mixedCase
                ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                : "abcdefghijklmnopqrstuvwxyz0123456789";
        try {
            StringBuilder out = new StringBuilder(length);
            byte[] hash = new byte[0];
            for (int i = 0; i < length; i++) {
                if (i % 32 == 0) {
                    hash = MessageDigest.getInstance("SHA-256")
                            .digest((seed + "#" + (i / 32)).getBytes(StandardCharsets.UTF_8));
                }
                out.append(alphabet.charAt((hash[i % 32] & 0xff) % alphabet.length()));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
