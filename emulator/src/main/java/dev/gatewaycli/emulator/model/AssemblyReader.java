package dev.gatewaycli.emulator.model;

import dev.gatewaycli.emulator.model.ApiReader.Child;
import dev.gatewaycli.emulator.model.Intrinsics.Where;
import dev.gatewaycli.emulator.model.RestApiModel.GatewayResponse;
import dev.gatewaycli.emulator.model.RestApiModel.Stage;
import dev.gatewaycli.emulator.model.TemplateReader.PoolChild;
import dev.gatewaycli.emulator.model.TemplateReader.StackTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads a whole cloud assembly for one deployment: every stack's template, with {@code Fn::ImportValue} resolved
 * against the other stacks' exports and SSM-typed parameters against the {@code AWS::SSM::Parameter}s the assembly
 * writes, and the resources of the emulated stacks joined across stacks by physical id (a method of an API another
 * stack defines, an authorizer's pool, an integration's function).
 *
 * <p>In four steps: parameters (with overrides) for every stack; conditions for every stack; physical ids, the
 * emulated stacks first so that the first pool, client, API and key are theirs; then the resources of the emulated
 * stacks.
 */
final class AssemblyReader implements TemplateReader.Assembly {

    private final List<TemplateReader> readers = new ArrayList<>();
    private final List<TemplateReader> served = new ArrayList<>();
    private final Deployment deployment;
    /** Lazy cross-stack values in progress, to refuse a cycle instead of overflowing the stack. */
    private final Set<String> resolving = new HashSet<>();

    /**
     * The next ordinals of the stacks read only for their exports and SSM parameters: far past the emulated stacks',
     * so that the first pool, client, API and key are always an emulated stack's.
     */
    private final int[] otherIds = {1_000_000, 1_000_000, 1_000_000, 1_000_000};

    private Map<String, Map.Entry<TemplateReader, String>> exports;
    /** Why some stack's export names could not be resolved, for a failed import. */
    private ModelException exportFailure;

    private final Map<String, Object> exportValues = new HashMap<>();

    /** Functions of the emulated stacks by ARN: the stack and logical id. */
    private final Map<String, Map.Entry<TemplateReader, String>> functionIndex = new LinkedHashMap<>();

    private final Map<String, FunctionModel> functions = new LinkedHashMap<>();

    AssemblyReader(List<StackTemplate> stacks, List<String> servedArtifacts, Deployment deployment) {
        this.deployment = deployment;
        Map<String, TemplateReader> byArtifact = new HashMap<>();
        for (StackTemplate stack : stacks) {
            TemplateReader reader = new TemplateReader(stack, deployment, this);
            readers.add(reader);
            byArtifact.put(stack.artifactId(), reader);
        }
        for (String artifact : servedArtifacts) {
            served.add(byArtifact.get(artifact));
        }
    }

    ResolvedModel read() {
        checkOverrides();
        for (TemplateReader reader : served) {
            in(reader, reader::parameters);
            reader.resources();
        }
        int[] next = new int[4];
        for (TemplateReader reader : served) {
            reader.assignIds(deployment.ids(), next);
        }
        for (TemplateReader reader : served) {
            for (String logicalId : reader.ofType("AWS::ApiGatewayV2::Api")) {
                throw ModelException.at(
                                logicalId,
                                "AWS::ApiGatewayV2::Api",
                                "Type",
                                "HTTP and WebSocket APIs are not emulated (only REST APIs)")
                        .inStack(reader.stackName());
            }
            for (String logicalId : reader.ofType(TemplateReader.FUNCTION)) {
                functionIndex.put(in(reader, () -> reader.functionArn(logicalId)), Map.entry(reader, logicalId));
            }
        }
        List<UserPoolModel> pools = userPools();
        List<RestApiModel> apis = restApis(pools);
        List<ApiKeyModel> keys = new ArrayList<>();
        for (TemplateReader reader : served) {
            keys.addAll(in(reader, () -> new ApiReader(reader).apiKeys()));
        }
        List<UsagePlanModel> plans = usagePlans(apis, keys);
        if (pools.isEmpty() && apis.isEmpty()) {
            throw new ModelException("The emulated stacks " + stackNames()
                    + " define no AWS::Cognito::UserPool and no AWS::ApiGateway::RestApi: there is nothing to emulate");
        }
        return new ResolvedModel(stackNames(), pools, apis, functions, keys, plans);
    }

    private List<String> stackNames() {
        return served.stream().map(TemplateReader::stackName).toList();
    }

    private void checkOverrides() {
        Set<String> declared = new TreeSet<>();
        for (TemplateReader reader : readers) {
            declared.addAll(reader.parameterNames());
        }
        for (String name : new TreeSet<>(deployment.parameterOverrides().keySet())) {
            if (!declared.contains(name)) {
                throw new ModelException("The parameter override '" + name
                        + "' names no parameter of the cloud assembly's stacks (they have " + declared + ")");
            }
        }
    }

    // ---------------------------------------------------------------- Cognito

    private List<UserPoolModel> userPools() {
        Map<String, UserPoolModel> byId = new LinkedHashMap<>();
        Map<String, List<ResourceServerModel>> servers = new HashMap<>();
        Map<String, List<AppClientModel>> clients = new HashMap<>();
        Map<String, String> domains = new HashMap<>();
        for (TemplateReader reader : served) {
            for (UserPoolModel pool : in(reader, reader::userPools)) {
                byId.put(pool.userPoolId(), pool);
                servers.put(pool.userPoolId(), new ArrayList<>());
                clients.put(pool.userPoolId(), new ArrayList<>());
            }
        }
        for (TemplateReader reader : served) {
            for (PoolChild<ResourceServerModel> child : in(reader, reader::resourceServers)) {
                poolOf(byId, child, reader);
                servers.get(child.userPoolId()).add(child.value());
            }
            for (PoolChild<AppClientModel> child : in(reader, reader::appClients)) {
                poolOf(byId, child, reader);
                clients.get(child.userPoolId()).add(child.value());
            }
            for (PoolChild<String> child : in(reader, reader::domains)) {
                poolOf(byId, child, reader);
                domains.putIfAbsent(child.userPoolId(), child.value());
            }
        }
        List<UserPoolModel> out = new ArrayList<>();
        for (UserPoolModel pool : byId.values()) {
            out.add(new UserPoolModel(
                    pool.stackName(),
                    pool.logicalId(),
                    pool.name(),
                    pool.userPoolId(),
                    pool.region(),
                    pool.accountId(),
                    servers.get(pool.userPoolId()),
                    clients.get(pool.userPoolId()),
                    Optional.ofNullable(domains.get(pool.userPoolId())),
                    pool.config()));
        }
        return out;
    }

    private static void poolOf(Map<String, UserPoolModel> pools, PoolChild<?> child, TemplateReader reader) {
        if (!pools.containsKey(child.userPoolId())) {
            throw ModelException.at(
                            child.logicalId(),
                            child.type(),
                            "UserPoolId",
                            "'" + child.userPoolId() + "' is no user pool of the emulated stacks " + reader.stackName())
                    .inStack(reader.stackName());
        }
    }

    // ---------------------------------------------------------------- API Gateway

    /** One REST API while its children are gathered from every emulated stack. */
    private static final class ApiParts {
        final TemplateReader reader;
        final ApiReader.Api api;
        final List<Map.Entry<TemplateReader, Child<ApiReader.Resource>>> resources = new ArrayList<>();
        final List<Stage> stages = new ArrayList<>();
        final List<Map.Entry<TemplateReader, String>> authorizers = new ArrayList<>();
        final List<Map.Entry<TemplateReader, String>> methods = new ArrayList<>();
        final Map<String, ApiReader.Validator> validators = new HashMap<>();
        final Map<String, GatewayResponse> responses = new LinkedHashMap<>();

        ApiParts(TemplateReader reader, ApiReader.Api api) {
            this.reader = reader;
            this.api = api;
        }
    }

    private List<RestApiModel> restApis(List<UserPoolModel> pools) {
        Map<String, ApiParts> apis = new LinkedHashMap<>();
        for (TemplateReader reader : served) {
            for (ApiReader.Api api : in(reader, () -> new ApiReader(reader).apis())) {
                apis.put(api.apiId(), new ApiParts(reader, api));
            }
        }
        for (TemplateReader reader : served) {
            ApiReader r = new ApiReader(reader);
            for (Child<ApiReader.Resource> c : in(reader, r::resources)) {
                apiOf(apis, c, "AWS::ApiGateway::Resource", reader).resources.add(Map.entry(reader, c));
            }
            for (Child<Stage> c : in(reader, r::stages)) {
                ApiParts parts = apiOf(apis, c, "AWS::ApiGateway::Stage", reader);
                if (parts.stages.stream()
                        .noneMatch(s -> s.name().equals(c.value().name()))) {
                    parts.stages.add(c.value());
                }
            }
            for (Child<String> c : in(reader, r::authorizerIds)) {
                apiOf(apis, c, TemplateReader.AUTHORIZER, reader).authorizers.add(Map.entry(reader, c.logicalId()));
            }
            for (Child<ApiReader.Validator> c : in(reader, r::validators)) {
                apiOf(apis, c, TemplateReader.REQUEST_VALIDATOR, reader)
                        .validators
                        .put(c.value().id(), c.value());
            }
            for (Child<GatewayResponse> c : in(reader, r::gatewayResponses)) {
                ApiParts parts = apiOf(apis, c, TemplateReader.GATEWAY_RESPONSE, reader);
                if (parts.responses.putIfAbsent(c.value().type(), c.value()) != null) {
                    throw ModelException.at(
                                    c.logicalId(),
                                    TemplateReader.GATEWAY_RESPONSE,
                                    "ResponseType",
                                    c.value().type() + " is customized twice for the API")
                            .inStack(reader.stackName());
                }
            }
            for (Child<String> c : in(reader, r::methodIds)) {
                apiOf(apis, c, TemplateReader.API_METHOD, reader).methods.add(Map.entry(reader, c.logicalId()));
            }
        }
        List<RestApiModel> out = new ArrayList<>();
        for (ApiParts parts : apis.values()) {
            out.add(restApi(parts, pools));
        }
        return out;
    }

    private static ApiParts apiOf(Map<String, ApiParts> apis, Child<?> child, String type, TemplateReader reader) {
        ApiParts parts = apis.get(child.apiId());
        if (parts == null) {
            throw ModelException.at(
                            child.logicalId(),
                            type,
                            "RestApiId",
                            "'" + child.apiId() + "' is no REST API of the emulated stacks")
                    .inStack(reader.stackName());
        }
        return parts;
    }

    private RestApiModel restApi(ApiParts parts, List<UserPoolModel> pools) {
        ApiReader.Api api = parts.api;
        String where = "Resource '" + api.logicalId() + "' (" + TemplateReader.REST_API + ")";
        if (parts.stages.isEmpty()) {
            throw new ModelException(where + ": no " + TemplateReader.STAGE + " or " + TemplateReader.DEPLOYMENT
                            + " with a StageName, so the API has no URL")
                    .inStack(parts.reader.stackName());
        }
        if (parts.methods.isEmpty()) {
            throw new ModelException(where + ": the API has no " + TemplateReader.API_METHOD)
                    .inStack(parts.reader.stackName());
        }
        Map<String, String> paths = paths(parts);
        Map<String, AuthorizerModel> authorizers = new HashMap<>();
        ApiReader.ApiContext context = new ApiReader.ApiContext() {
            @Override
            public String path(String resourceId) {
                return paths.get(resourceId);
            }

            @Override
            public AuthorizerModel authorizer(String authorizerId) {
                return authorizers.get(authorizerId);
            }

            @Override
            public ApiReader.Validator validator(String validatorId) {
                return parts.validators.get(validatorId);
            }

            @Override
            public UserPoolModel poolByArn(String arn) {
                return pools.stream()
                        .filter(p -> p.arn().equals(arn))
                        .findFirst()
                        .orElse(null);
            }

            @Override
            public boolean function(String arn) {
                return AssemblyReader.this.function(arn);
            }
        };
        for (Map.Entry<TemplateReader, String> a : parts.authorizers) {
            AuthorizerModel model = in(a.getKey(), () -> new ApiReader(a.getKey()).authorizer(a.getValue(), context));
            authorizers.put(model.authorizerId(), model);
        }
        List<MethodModel> methods = new ArrayList<>();
        Set<String> routes = new HashSet<>();
        for (Map.Entry<TemplateReader, String> m : parts.methods) {
            MethodModel method = in(m.getKey(), () -> new ApiReader(m.getKey()).method(m.getValue(), context));
            if (!routes.add(method.httpMethod() + " " + method.resourcePath())) {
                throw ModelException.at(
                                method.logicalId(),
                                TemplateReader.API_METHOD,
                                "HttpMethod",
                                method.httpMethod() + " " + method.resourcePath() + " is defined twice")
                        .inStack(m.getKey().stackName());
            }
            methods.add(method);
        }
        return new RestApiModel(
                parts.reader.stackName(),
                api.logicalId(),
                api.name(),
                api.apiId(),
                parts.reader.region,
                parts.reader.accountId,
                api.apiKeySource(),
                parts.stages,
                methods,
                parts.responses);
    }

    /** Resource id → path template, from the root resource down through {@code ParentId}/{@code PathPart}. */
    private static Map<String, String> paths(ApiParts parts) {
        Map<String, String> parentOf = new HashMap<>();
        Map<String, String> partOf = new HashMap<>();
        Map<String, Map.Entry<TemplateReader, Child<ApiReader.Resource>>> of = new HashMap<>();
        for (Map.Entry<TemplateReader, Child<ApiReader.Resource>> r : parts.resources) {
            ApiReader.Resource resource = r.getValue().value();
            parentOf.put(resource.resourceId(), resource.parentId());
            partOf.put(resource.resourceId(), resource.pathPart());
            of.put(resource.resourceId(), r);
        }
        Map<String, String> paths = new HashMap<>();
        paths.put(parts.api.rootResourceId(), "/");
        for (String resourceId : parentOf.keySet()) {
            List<String> segments = new ArrayList<>();
            String current = resourceId;
            int depth = 0;
            while (!paths.containsKey(current)) {
                if (!parentOf.containsKey(current) || ++depth > 64) {
                    Map.Entry<TemplateReader, Child<ApiReader.Resource>> r = of.get(resourceId);
                    throw ModelException.at(
                                    r.getValue().logicalId(),
                                    TemplateReader.API_RESOURCE,
                                    "ParentId",
                                    "does not lead to the root resource of " + parts.api.logicalId())
                            .inStack(r.getKey().stackName());
                }
                segments.add(0, partOf.get(current));
                current = parentOf.get(current);
            }
            String base = paths.get(current);
            paths.put(resourceId, (base.equals("/") ? "" : base) + "/" + String.join("/", segments));
        }
        return paths;
    }

    /** Whether the function of {@code arn} is among the emulated stacks; reads it the first time. */
    private boolean function(String arn) {
        Map.Entry<TemplateReader, String> f = functionIndex.get(arn);
        if (f == null) {
            return false;
        }
        if (!functions.containsKey(arn)) {
            functions.put(arn, in(f.getKey(), () -> f.getKey().functionReader.read(f.getValue())));
        }
        return true;
    }

    // ---------------------------------------------------------------- usage plans

    private List<UsagePlanModel> usagePlans(List<RestApiModel> apis, List<ApiKeyModel> keys) {
        Map<String, UsagePlanModel> plans = new LinkedHashMap<>();
        Map<String, TemplateReader> planStacks = new HashMap<>();
        for (TemplateReader reader : served) {
            for (UsagePlanModel plan : in(reader, () -> new ApiReader(reader).usagePlans())) {
                for (UsagePlanModel.ApiStage stage : plan.apiStages()) {
                    RestApiModel api = apis.stream()
                            .filter(a -> a.apiId().equals(stage.apiId()))
                            .findFirst()
                            .orElseThrow(() -> ModelException.at(
                                            plan.logicalId(),
                                            TemplateReader.USAGE_PLAN,
                                            "ApiStages",
                                            "'" + stage.apiId() + "' is no REST API of the emulated stacks")
                                    .inStack(reader.stackName()));
                    if (!api.stageNames().contains(stage.stage())) {
                        throw ModelException.at(
                                        plan.logicalId(),
                                        TemplateReader.USAGE_PLAN,
                                        "ApiStages",
                                        "the API " + api.logicalId() + " has no stage '" + stage.stage() + "'")
                                .inStack(reader.stackName());
                    }
                }
                plans.put(plan.id(), plan);
                planStacks.put(plan.id(), reader);
            }
        }
        Map<String, List<String>> keysOf = new HashMap<>();
        for (TemplateReader reader : served) {
            for (ApiReader.PlanKey pk : in(reader, () -> new ApiReader(reader).planKeys())) {
                if (!plans.containsKey(pk.planId())) {
                    throw new ModelException("An " + TemplateReader.USAGE_PLAN_KEY + " names the usage plan '"
                                    + pk.planId() + "', which is not among the emulated stacks")
                            .inStack(reader.stackName());
                }
                if (keys.stream().noneMatch(k -> k.id().equals(pk.keyId()))) {
                    throw new ModelException("An " + TemplateReader.USAGE_PLAN_KEY + " names the API key '" + pk.keyId()
                                    + "', which is not among the emulated stacks")
                            .inStack(reader.stackName());
                }
                keysOf.computeIfAbsent(pk.planId(), p -> new ArrayList<>()).add(pk.keyId());
            }
        }
        List<UsagePlanModel> out = new ArrayList<>();
        Map<String, String> planOfKeyStage = new HashMap<>();
        for (UsagePlanModel plan : plans.values()) {
            List<String> planKeys = List.copyOf(new LinkedHashSet<>(keysOf.getOrDefault(plan.id(), List.of())));
            for (String key : planKeys) {
                for (UsagePlanModel.ApiStage stage : plan.apiStages()) {
                    String other =
                            planOfKeyStage.put(key + " " + stage.apiId() + "/" + stage.stage(), plan.logicalId());
                    if (other != null && !other.equals(plan.logicalId())) {
                        throw ModelException.at(
                                        plan.logicalId(),
                                        TemplateReader.USAGE_PLAN,
                                        "ApiStages",
                                        "an API key of it is also in the usage plan " + other + " for the stage "
                                                + stage.stage() + ", which API Gateway refuses")
                                .inStack(planStacks.get(plan.id()).stackName());
                    }
                }
            }
            out.add(new UsagePlanModel(
                    plan.logicalId(),
                    plan.name(),
                    plan.id(),
                    plan.apiStages(),
                    plan.throttle(),
                    plan.quota(),
                    planKeys));
        }
        return out;
    }

    // ---------------------------------------------------------------- cross-stack values

    @Override
    public Object importValue(String exportName, Where where) {
        if (exports == null) {
            Map<String, Map.Entry<TemplateReader, String>> all = new LinkedHashMap<>();
            for (TemplateReader reader : readers) {
                try {
                    for (Map.Entry<String, String> e :
                            in(reader, () -> prepared(reader).exports()).entrySet()) {
                        all.put(e.getKey(), Map.entry(reader, e.getValue()));
                    }
                } catch (ModelException e) {
                    exportFailure = exportFailure == null ? e : exportFailure;
                }
            }
            exports = all;
        }
        Map.Entry<TemplateReader, String> export = exports.get(exportName);
        if (export == null) {
            throw where.fail("Fn::ImportValue of '" + exportName + "': no stack of the cloud assembly exports it"
                    + (exportFailure == null ? "" : " (and " + exportFailure.getMessage() + ")"));
        }
        Object known = exportValues.get(exportName);
        if (known != null) {
            return known;
        }
        Object value = guarded(
                "export " + exportName,
                where,
                () -> in(export.getKey(), () -> export.getKey().outputValue(export.getValue())));
        exportValues.put(exportName, value);
        return value;
    }

    @Override
    public String ssmParameter(String name, TemplateReader asking, Where where) {
        for (TemplateReader reader : readers) {
            if (reader == asking) {
                continue; // a stack cannot read, at deployment, a parameter it writes itself
            }
            String logicalId =
                    in(reader, () -> prepared(reader).ssmParameters()).get(name);
            if (logicalId != null) {
                return guarded("SSM parameter " + name, where, () -> in(reader, () -> reader.ssmValue(logicalId)));
            }
        }
        throw new ModelException("SSM parameter '" + name + "' is written by no " + TemplateReader.SSM_PARAMETER
                + " of another stack of the cloud assembly, and the emulator cannot read Parameter Store");
    }

    /**
     * {@code reader} ready for a lookup: its conditions applied and, for a stack that is not emulated, its ids given
     * (the emulated stacks get theirs in order, before their resources are read).
     */
    private TemplateReader prepared(TemplateReader reader) {
        reader.resources();
        if (!served.contains(reader)) {
            reader.assignIds(deployment.ids(), otherIds);
        }
        return reader;
    }

    private <T> T guarded(String what, Where where, Supplier<T> value) {
        if (!resolving.add(what)) {
            throw where.fail("the " + what + " depends on itself");
        }
        try {
            return value.get();
        } finally {
            resolving.remove(what);
        }
    }

    /** {@code read}, with a failure naming the stack it belongs to. */
    private static <T> T in(TemplateReader reader, Supplier<T> read) {
        try {
            return read.get();
        } catch (ModelException e) {
            throw e.inStack(reader.stackName());
        }
    }
}
