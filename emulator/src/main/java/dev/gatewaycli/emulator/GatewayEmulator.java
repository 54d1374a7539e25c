package dev.gatewaycli.emulator;

import dev.gatewaycli.emulator.apigateway.ApiGatewayHandler;
import dev.gatewaycli.emulator.apigateway.ApiRouter;
import dev.gatewaycli.emulator.apigateway.GatewayResponses;
import dev.gatewaycli.emulator.apigateway.UsagePlans;
import dev.gatewaycli.emulator.cognito.AppClients;
import dev.gatewaycli.emulator.cognito.EmulatedUserPool;
import dev.gatewaycli.emulator.cognito.Identifiers;
import dev.gatewaycli.emulator.cognito.IdentityProviderApi;
import dev.gatewaycli.emulator.cognito.SigningKeys;
import dev.gatewaycli.emulator.cognito.TokenEndpoint;
import dev.gatewaycli.emulator.cognito.UserRefusedException;
import dev.gatewaycli.emulator.cognito.WellKnownEndpoints;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.http.RequestIds;
import dev.gatewaycli.emulator.http.ServerLimits;
import dev.gatewaycli.emulator.lambda.FunctionHost;
import dev.gatewaycli.emulator.lambda.LambdaFunction;
import dev.gatewaycli.emulator.lambda.Watchdog;
import dev.gatewaycli.emulator.model.AppClientModel;
import dev.gatewaycli.emulator.model.Deployment;
import dev.gatewaycli.emulator.model.FunctionModel;
import dev.gatewaycli.emulator.model.Partitions;
import dev.gatewaycli.emulator.model.PhysicalIds;
import dev.gatewaycli.emulator.model.ResolvedModel;
import dev.gatewaycli.emulator.model.RestApiModel;
import dev.gatewaycli.emulator.model.StackModel;
import dev.gatewaycli.emulator.model.UserPoolModel;
import dev.gatewaycli.emulator.tls.LocalCertificateAuthority;
import dev.gatewaycli.emulator.tls.ServerCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpResources;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulated stacks on one loopback HTTP server: every user pool's token endpoint, JWKS and discovery; every REST
 * API's stages, routes, authorizers, API keys and gateway responses; the apps' own Lambda functions, in execution
 * environments of their own. Built from a {@link StackModel}, so it serves what the templates define. Pool ids, client
 * ids and secrets, API ids and generated API key values are throw-away values in the services' shapes, unless
 * {@link EmulatorSettings} fixes the first ones.
 *
 * <pre>{@code
 * try (GatewayEmulator emu = GatewayEmulator.builder().model(StackModel.bundled()).start()) {
 *     // POST emu.tokenUrl() with emu.clientId()/emu.clientSecret(), then GET emu.apiUrl() with the token
 * }
 * }</pre>
 *
 * The single-valued accessors ({@link #tokenUrl()}, {@link #apiUrl()}, {@link #clientId()}, ...) name the first app
 * client, its pool (the first pool when no pool has a client) and the first API, in stack order and then template
 * order, and are null where the model has none;
 * {@link #userPools()}, {@link #clients()}, {@link #apis()} and {@link #apiKeys()} list them all. Thread-safe;
 * {@link #close()} stops the server and the functions' execution environments.
 */
public final class GatewayEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayEmulator.class);
    /** Netty's own limit: far above API Gateway's 10240 bytes, so that the emulator answers 431 with a JSON body. */
    private static final int NETTY_MAX_HEADER_BYTES = 64 * 1024;

    /**
     * A user pool's endpoints.
     *
     * @param name        {@code UserPoolName}
     * @param userPoolId  its id
     * @param region      its Region (its stack's)
     * @param issuer      the {@code iss} of its tokens
     * @param tokenUrl    its own token endpoint, {@code http://<host>:<port>/<userPoolId>/oauth2/token}
     * @param jwksUrl     {@code http://<host>:<port>/<userPoolId>/.well-known/jwks.json}
     * @param discoveryUrl {@code http://<host>:<port>/<userPoolId>/.well-known/openid-configuration}
     */
    public record UserPool(
            String name,
            String userPoolId,
            String region,
            String issuer,
            String tokenUrl,
            String jwksUrl,
            String discoveryUrl) {}

    /**
     * An app client and its throw-away credentials.
     *
     * @param clientSecret null for a client without a secret (it cannot use client credentials)
     * @param scopes       its allowed scopes, what a token request without {@code scope} gets
     * @param authFlows    its {@code ExplicitAuthFlows}, Cognito's defaults when the template gives none
     */
    public record Client(
            String name,
            String clientId,
            String clientSecret,
            String userPoolId,
            List<String> scopes,
            List<String> authFlows) {

        public Client {
            scopes = List.copyOf(scopes);
            authFlows = List.copyOf(authFlows);
        }

        /**
         * Whether users can sign in through it with a password at {@code InitiateAuth}
         * ({@code ALLOW_USER_PASSWORD_AUTH}, or the older {@code USER_PASSWORD_AUTH}).
         */
        public boolean allowsPasswordSignIn() {
            return AppClientModel.allowedFlows(authFlows).contains(AppClientModel.ALLOW_USER_PASSWORD_AUTH);
        }

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "Client[" + name + ", clientId=" + clientId + ", userPoolId=" + userPoolId + "]";
        }
    }

    /**
     * A stage of a REST API and its base URL ({@code http://<host>:<port>/<stage>/} when the model has one REST API,
     * else {@code http://<host>:<port>/<restApiId>/<stage>/}).
     */
    public record Api(String name, String restApiId, String stage, String url) {}

    /** An API key: its name, id and value (generated in API Gateway's shape when the template has none). */
    public record ApiKey(String name, String id, String value) {

        /** Never prints the value. */
        @Override
        public String toString() {
            return "ApiKey[" + name + ", id=" + id + "]";
        }
    }

    private final ResolvedModel model;
    private final EmulatorSettings settings;
    private final List<EmulatedUserPool> pools = new ArrayList<>();
    private final Map<String, LambdaFunction> functions;
    private final Watchdog watchdog;
    private final FunctionHost functionHost;
    private final DisposableServer server;
    private final String baseUrl;
    /** The CA certificate clients trust for HTTPS, or null when the server speaks plain HTTP. */
    private final Path caFile;

    private GatewayEmulator(Builder b) {
        this.settings = b.settings;
        // The first pool's keys from the keys file are read at the first need: its ids, derived from them, come first.
        FirstPoolKeys firstKeys = new FirstPoolKeys(settings.keysFile().orElse(null));
        this.model = b.model.resolve(new Deployment(
                settings.region(),
                settings.accountId(),
                settings.parameterOverrides(),
                ids(settings, firstKeys),
                settings.functions().environmentOverrides().parameters()));
        settings.userPoolId().ifPresent(id -> {
            if (!model.userPools().isEmpty()
                    && !id.startsWith(model.userPools().get(0).region() + "_")) {
                throw new IllegalArgumentException("userPoolId '" + id + "' does not start with the Region of the "
                        + "first user pool, " + model.userPools().get(0).region() + "_");
            }
        });
        List<SigningKeys> keys = new ArrayList<>();
        for (int i = 0; i < model.userPools().size(); i++) {
            keys.add(i == 0 && firstKeys.persist() ? firstKeys.get() : SigningKeys.generate());
        }

        this.watchdog = new Watchdog("gateway-emulator-watchdog");
        this.functionHost =
                new FunctionHost(settings.clock(), settings.functionConcurrency(), settings.functions(), watchdog);
        Map<String, LambdaFunction> fns = new LinkedHashMap<>();
        try {
            // Keyed by the function's ARN, which carries the Region of its own stack.
            for (Map.Entry<String, FunctionModel> f : model.functions().entrySet()) {
                fns.put(f.getKey(), new LambdaFunction(f.getValue(), f.getKey(), functionHost));
            }
        } catch (RuntimeException e) {
            fns.values().forEach(LambdaFunction::close);
            functionHost.close();
            watchdog.close();
            throw e;
        }
        this.functions = Map.copyOf(fns);
        functionHost.checkOverrides(model.functions().values());

        // The issuer of LOCAL style needs the port, known only once bound: bind first, route once everything exists.
        AtomicReference<BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>>> handler =
                new AtomicReference<>(
                        (request, response) -> response.status(503).send());
        ServerCertificate certificate;
        try {
            LocalCertificateAuthority ca = b.tlsDirectory == null
                    ? null
                    : LocalCertificateAuthority.loadOrCreate(b.tlsDirectory, java.time.Clock.systemUTC());
            certificate = ca == null ? null : ca.issueFor(b.host);
            this.caFile = ca == null ? null : ca.certificateFile();
        } catch (RuntimeException e) {
            functions.values().forEach(LambdaFunction::close);
            functionHost.close();
            watchdog.close();
            throw e;
        }
        try {
            HttpServer http = ServerLimits.DEFAULTS
                    .applyTo(HttpServer.create())
                    .host(b.host)
                    .port(b.port)
                    .httpRequestDecoder(
                            spec -> spec.maxHeaderSize(NETTY_MAX_HEADER_BYTES).maxInitialLineLength(16 * 1024))
                    .handle((request, response) -> handler.get().apply(request, response));
            if (certificate != null) {
                // API Gateway and Cognito speak HTTP/1.1 over TLS 1.2/1.3; the context is built once per server.
                io.netty.handler.ssl.SslContext context = certificate.buildServerContext();
                http = http.secure(spec -> spec.sslContext(context));
            }
            this.server = http.bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            functions.values().forEach(LambdaFunction::close);
            functionHost.close();
            watchdog.close();
            throw new IllegalStateException("Cannot listen on " + b.host + ":" + b.port + ": " + rootMessage(e), e);
        }
        String urlHost = b.host.equals("0.0.0.0") || b.host.equals("::")
                ? "127.0.0.1"
                : b.host.contains(":") ? "[" + b.host + "]" : b.host;
        this.baseUrl = (caFile == null ? "http://" : "https://") + urlHost + ":" + server.port();
        for (int i = 0; i < model.userPools().size(); i++) {
            UserPoolModel pool = model.userPools().get(i);
            String issuer = settings.issuerStyle() == EmulatorSettings.IssuerStyle.LOCAL
                    ? baseUrl + "/" + pool.userPoolId()
                    : "https://cognito-idp." + pool.region() + "." + Partitions.urlSuffix(pool.region()) + "/"
                            + pool.userPoolId();
            pools.add(new EmulatedUserPool(pool, issuer, keys.get(i), settings.clock()));
        }
        try {
            if (!settings.users().isEmpty() && pools.isEmpty()) {
                throw new UserRefusedException("the emulated stacks have no user pool to create user '"
                        + settings.users().get(0).username() + "' in");
            }
            for (EmulatorSettings.User user : settings.users()) {
                for (EmulatedUserPool pool : pools) {
                    pool.addConfirmedUser(user.username(), user.password());
                }
            }
            handler.set(dispatcher());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        // Only now: preparing an in-process function's first invocation while the emulator starts slows the start.
        functions.values().forEach(LambdaFunction::prepareAhead);
        LOG.info(
                "Gateway emulator for {} listening on {} ({} REST API stage(s), {} user pool(s))",
                model.stackNames(),
                baseUrl,
                apis().size(),
                pools.size());
    }

    /**
     * The physical ids of this run, in the services' shapes: the first pool's id and the first client's id and secret
     * as the settings fix them; else, when the first pool's keys persist (a keys file), pool and client ids and
     * secrets derived from those keys ({@link SigningKeys#seed}), so that a pool keeps its ids as long as its keys, as
     * a deployed pool does, and a token it issued in one run still has the right {@code iss} and {@code client_id} in
     * the next; else generated, new every run.
     */
    private static PhysicalIds ids(EmulatorSettings settings, FirstPoolKeys firstKeys) {
        return new PhysicalIds() {
            private PhysicalIds derived;

            /** Ids from the keys, or null for generated ones. */
            private PhysicalIds fromKeys() {
                if (derived == null && firstKeys.persist()) {
                    derived = PhysicalIds.derived(firstKeys.get().seed());
                }
                return derived;
            }

            @Override
            public String userPoolId(String region, int ordinal) {
                if (ordinal == 0 && settings.userPoolId().isPresent()) {
                    return settings.userPoolId().get();
                }
                return fromKeys() != null ? fromKeys().userPoolId(region, ordinal) : Identifiers.userPoolId(region);
            }

            @Override
            public String clientId(int ordinal) {
                if (ordinal == 0 && settings.clientId().isPresent()) {
                    return settings.clientId().get();
                }
                return fromKeys() != null ? fromKeys().clientId(ordinal) : Identifiers.clientId();
            }

            @Override
            public String clientSecret(int ordinal) {
                if (ordinal == 0 && settings.clientSecret().isPresent()) {
                    return settings.clientSecret().get();
                }
                return fromKeys() != null ? fromKeys().clientSecret(ordinal) : Identifiers.clientSecret();
            }

            @Override
            public String restApiId(int ordinal) {
                return Identifiers.apiId();
            }

            @Override
            public String apiKeyId(int ordinal) {
                return Identifiers.apiKeyId();
            }

            @Override
            public String apiKeyValue(int ordinal) {
                return Identifiers.apiKeyValue();
            }
        };
    }

    /**
     * The first pool's keys when a keys file holds them ({@link EmulatorSettings#keysFile}), read or created once, at
     * the first need: a model without pools never creates the file.
     */
    private static final class FirstPoolKeys {
        private final Path file;
        private SigningKeys keys;

        FirstPoolKeys(Path file) {
            this.file = file;
        }

        boolean persist() {
            return file != null;
        }

        SigningKeys get() {
            if (keys == null) {
                keys = SigningKeys.loadOrCreate(file);
            }
            return keys;
        }
    }

    /**
     * The Cognito side's paths go to WebFlux's functional routes: the Identity Provider API ({@code POST /} with
     * {@code X-Amz-Target}), the shared token endpoint, and each pool's token endpoint, JWKS and discovery document
     * under its id. Everything else is the API side's, served on Reactor Netty directly (the path a load test drives;
     * see {@link ApiGatewayHandler}).
     */
    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> dispatcher() {
        TokenEndpoint.Options tokenOptions = new TokenEndpoint.Options(
                settings.unknownScope(), settings.invalidClientStatus(), settings.basicCredentials());
        RouterFunctions.Builder routes = RouterFunctions.route();
        // The Identity Provider API on the root: POST / with X-Amz-Target, which no API route can be.
        routes.POST(
                IdentityProviderApi.PATH,
                RequestPredicates.headers(
                        h -> !h.header(IdentityProviderApi.TARGET_HEADER).isEmpty()),
                new IdentityProviderApi(pools));
        Set<String> cognitoPaths = new HashSet<>();
        if (!pools.isEmpty()) {
            routes.POST(TokenEndpoint.PATH, new TokenEndpoint(pools, tokenOptions));
            cognitoPaths.add(TokenEndpoint.PATH);
        }
        for (EmulatedUserPool pool : pools) {
            String tokenPath = TokenEndpoint.poolPath(pool.userPoolId());
            String jwksPath = WellKnownEndpoints.jwksPath(pool.userPoolId());
            String discoveryPath = WellKnownEndpoints.discoveryPath(pool.userPoolId());
            WellKnownEndpoints wellKnown = new WellKnownEndpoints(pool, baseUrl, baseUrl + tokenPath);
            routes.POST(tokenPath, new TokenEndpoint(List.of(pool), tokenOptions))
                    .GET(jwksPath, wellKnown::jwks)
                    .GET(discoveryPath, wellKnown::discovery);
            cognitoPaths.add(tokenPath);
            cognitoPaths.add(jwksPath);
            cognitoPaths.add(discoveryPath);
        }
        Set<String> tokenPaths = new HashSet<>();
        cognitoPaths.stream().filter(p -> p.endsWith(TokenEndpoint.PATH)).forEach(tokenPaths::add);
        RouterFunction<ServerResponse> cognito = routes.route(
                        request -> tokenPaths.contains(request.path()), TokenEndpoint::methodNotAllowed)
                // Another method on a well-known path: API Gateway's answer to what it does not know.
                .route(
                        RequestPredicates.all(),
                        request -> ServerResponse.status(403)
                                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                                .header(GatewayResponses.REQUEST_ID_HEADER, RequestIds.uuid())
                                .header(
                                        GatewayResponses.ERROR_TYPE_HEADER,
                                        GatewayResponses.MISSING_AUTHENTICATION_TOKEN.errorType())
                                .bodyValue(Json.single(
                                        "message", GatewayResponses.MISSING_AUTHENTICATION_TOKEN.message())))
                .onError(Throwable.class, (e, request) -> {
                    // A bug of the emulator, never of the caller: logged with its trace here, a plain body over HTTP.
                    LOG.error("Unexpected failure on {} {}", request.method(), request.path(), e);
                    return ServerResponse.status(500)
                            .header(HttpHeaders.CONTENT_TYPE, "application/json")
                            .bodyValue(Json.single("message", "Internal server error"));
                })
                .build();
        ReactorHttpHandlerAdapter webFlux = new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(cognito));

        Map<String, EmulatedUserPool> poolsById = new LinkedHashMap<>();
        pools.forEach(p -> poolsById.put(p.userPoolId(), p));
        UsagePlans usagePlans = new UsagePlans(model.apiKeys(), model.usagePlans(), settings.clock());
        ApiGatewayHandler.Options apiOptions = new ApiGatewayHandler.Options(
                settings.integrationTimeout(),
                settings.authorizerCacheTtl().orElse(null),
                settings.maxPayloadBytes(),
                settings.maxHeaderBytes(),
                settings.clock());
        List<ApiGatewayHandler> apiHandlers = new ArrayList<>();
        for (RestApiModel api : model.apis()) {
            apiHandlers.add(new ApiGatewayHandler(api, poolsById, functions, usagePlans, watchdog, apiOptions));
        }
        ApiRouter api = new ApiRouter(apiHandlers, settings.maxHeaderBytes(), settings.clock());
        return (request, response) -> {
            String target = ApiRouter.requestTarget(request.uri());
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            boolean ours = cognitoPaths.contains(path)
                    || IdentityProviderApi.isCall(
                            request.method().name(),
                            path,
                            request.requestHeaders().get(IdentityProviderApi.TARGET_HEADER));
            return ours ? webFlux.apply(request, response) : api.apply(request, response);
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts a {@link GatewayEmulator}. */
    public static final class Builder {
        private StackModel model;
        private String host = "127.0.0.1";
        private int port;
        private EmulatorSettings settings = EmulatorSettings.defaults();
        private Path tlsDirectory;

        private Builder() {}

        /**
         * Serves every endpoint over HTTPS with a certificate issued at start by the user's local CA in
         * {@link LocalCertificateAuthority#defaultDirectory()}, created there on first use; {@link #caFile()} names
         * the certificate clients trust.
         */
        public Builder tls() {
            return tls(LocalCertificateAuthority.defaultDirectory());
        }

        /**
         * HTTPS with a certificate from the local CA in {@code caDirectory} (created there, 0700, on first use;
         * refused when the directory or its key is not the user's own and private). Null: plain HTTP.
         */
        public Builder tls(Path caDirectory) {
            this.tlsDirectory = caDirectory;
            return this;
        }

        /** The stacks to emulate: {@link StackModel#bundled()}, {@link StackModel#fromCloudAssembly}, ... Required. */
        public Builder model(StackModel value) {
            this.model = Objects.requireNonNull(value, "model cannot be null");
            return this;
        }

        /** The address to bind, {@code 127.0.0.1} by default: the emulator is for this machine only unless told. */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host cannot be null");
            return this;
        }

        /** The port, 0 (the default) for an ephemeral one; {@link GatewayEmulator#port()} tells which. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + value);
            }
            this.port = value;
            return this;
        }

        public Builder settings(EmulatorSettings value) {
            this.settings = Objects.requireNonNull(value, "settings cannot be null");
            return this;
        }

        /**
         * Reads the model for the settings, binds the server and returns the running emulator. A model it cannot
         * emulate fails with a {@code ModelException}; an address it cannot bind with an {@link IllegalStateException}.
         */
        public GatewayEmulator start() {
            if (model == null) {
                throw new IllegalStateException(
                        "model is required: StackModel.bundled(), fromCloudAssembly(...) or fromTemplate(...)");
            }
            return new GatewayEmulator(this);
        }
    }

    /**
     * The pool the single-valued accessors name: the first pool with an app client, so that its issuer and JWKS verify
     * the tokens of {@link #clientId()}; the first pool when none has a client; null without a pool.
     */
    private EmulatedUserPool firstPool() {
        Map.Entry<EmulatedUserPool, AppClientModel> first = firstClient();
        if (first != null) {
            return first.getKey();
        }
        return pools.isEmpty() ? null : pools.get(0);
    }

    /**
     * The client the single-valued accessors name: the one whose id the settings fix, else the first client of the
     * first pool that has one; null when no pool has a client.
     */
    private Map.Entry<EmulatedUserPool, AppClientModel> firstClient() {
        if (settings.clientId().isPresent()) {
            for (EmulatedUserPool pool : pools) {
                Optional<AppClientModel> fixed = pool.client(settings.clientId().get());
                if (fixed.isPresent()) {
                    return Map.entry(pool, fixed.get());
                }
            }
        }
        for (EmulatedUserPool pool : pools) {
            if (!pool.clients().isEmpty()) {
                return Map.entry(pool, pool.clients().get(0));
            }
        }
        return null;
    }

    /**
     * {@code iss} of the tokens of the first client's pool (the first pool when none has a client): Cognito's
     * {@code https://cognito-idp.<region>.amazonaws.com/<poolId>} by default; null without a pool.
     */
    public String issuer() {
        return firstPool() == null ? null : firstPool().issuer();
    }

    /**
     * {@code http://<host>:<port>/oauth2/token}, the token endpoint every pool's clients can use (a request goes to the
     * pool of its client id); null without a pool. Each pool also has its own, {@link UserPool#tokenUrl()}.
     */
    public String tokenUrl() {
        return pools.isEmpty() ? null : baseUrl + TokenEndpoint.PATH;
    }

    /**
     * {@code http://<host>:<port>/}, Cognito's Identity Provider API ({@code InitiateAuth}, {@code AdminCreateUser},
     * {@code DescribeUserPoolClient}, ...) for every pool of every Region: what an AWS SDK's, the AWS CLI's or
     * Amplify's endpoint override for {@code cognito-idp} names.
     */
    public String idpUrl() {
        return baseUrl + IdentityProviderApi.PATH;
    }

    /**
     * The file the first pool's signing keys persist in ({@link EmulatorSettings#withKeysFile}), or empty when they
     * are new every run. With it, the pool keeps its ids too: a token it issued in one run is valid in the next.
     */
    public Optional<Path> keysFile() {
        return settings.keysFile();
    }

    /** {@code http://<host>:<port>/<poolId>/.well-known/jwks.json} of that pool; null without a pool. */
    public String jwksUrl() {
        return firstPool() == null
                ? null
                : WellKnownEndpoints.jwksUrl(baseUrl, firstPool().userPoolId());
    }

    /** {@code http://<host>:<port>/<poolId>/.well-known/openid-configuration} of that pool; null without one. */
    public String discoveryUrl() {
        return firstPool() == null
                ? null
                : baseUrl + WellKnownEndpoints.discoveryPath(firstPool().userPoolId());
    }

    /**
     * The base URL of the first REST API's first stage: {@code http://<host>:<port>/<stage>/} when the model has one
     * REST API, {@code http://<host>:<port>/<restApiId>/<stage>/} when it has several; null when it has none.
     */
    public String apiUrl() {
        List<Api> apis = apis();
        return apis.isEmpty() ? null : apis.get(0).url();
    }

    /** {@code http://<host>:<port>}, or {@code https://...} with {@link Builder#tls}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The CA certificate (PEM) that HTTPS clients of this emulator trust; null when it serves plain HTTP. */
    public Path caFile() {
        return caFile;
    }

    /** The id of the first client's pool (the first pool when none has a client); null without a pool. */
    public String userPoolId() {
        return firstPool() == null ? null : firstPool().userPoolId();
    }

    /**
     * The Region of the first client's pool (or the first pool), else of the first REST API, else the settings' (a
     * stack the cloud assembly pins to a Region has its own).
     */
    public String region() {
        if (firstPool() != null) {
            return firstPool().region();
        }
        return model.apis().isEmpty() ? settings.region() : model.apis().get(0).region();
    }

    /** The first app client's id; null when no pool has a client. */
    public String clientId() {
        Map.Entry<EmulatedUserPool, AppClientModel> first = firstClient();
        return first == null ? null : first.getValue().clientId();
    }

    /** The first app client's secret; null when no pool has a client or it has no secret. */
    public String clientSecret() {
        Map.Entry<EmulatedUserPool, AppClientModel> first = firstClient();
        return first == null ? null : first.getValue().clientSecret().orElse(null);
    }

    /** The first app client's allowed scopes ({@code users/read-only}); empty when no pool has a client. */
    public List<String> scopes() {
        Map.Entry<EmulatedUserPool, AppClientModel> first = firstClient();
        return first == null ? List.of() : first.getValue().allowedScopes();
    }

    public int port() {
        return server.port();
    }

    /** The resolved model being served: stacks, pools, APIs, methods, functions, keys. */
    public ResolvedModel stack() {
        return model;
    }

    /** Every user pool and its endpoints, in model order. */
    public List<UserPool> userPools() {
        List<UserPool> out = new ArrayList<>();
        for (EmulatedUserPool pool : pools) {
            out.add(new UserPool(
                    pool.model().name(),
                    pool.userPoolId(),
                    pool.region(),
                    pool.issuer(),
                    baseUrl + TokenEndpoint.poolPath(pool.userPoolId()),
                    WellKnownEndpoints.jwksUrl(baseUrl, pool.userPoolId()),
                    baseUrl + WellKnownEndpoints.discoveryPath(pool.userPoolId())));
        }
        return out;
    }

    /** Every app client of every pool, in model order (those created at run time after their pool's). */
    public List<Client> clients() {
        List<Client> out = new ArrayList<>();
        for (EmulatedUserPool pool : pools) {
            for (AppClientModel c : pool.clients()) {
                out.add(new Client(
                        c.name(),
                        c.clientId(),
                        c.clientSecret().orElse(null),
                        pool.userPoolId(),
                        c.allowedScopes(),
                        c.explicitAuthFlows()));
            }
        }
        return out;
    }

    /** Every stage of every REST API with its base URL, in model order. */
    public List<Api> apis() {
        List<Api> out = new ArrayList<>();
        boolean only = model.apis().size() == 1;
        for (RestApiModel api : model.apis()) {
            for (String stage : api.stageNames()) {
                out.add(new Api(
                        api.name(), api.apiId(), stage, baseUrl + ApiRouter.basePath(only, api.apiId(), stage)));
            }
        }
        return out;
    }

    /** Every API key, in model order. */
    public List<ApiKey> apiKeys() {
        return model.apiKeys().stream()
                .map(k -> new ApiKey(k.name(), k.id(), k.value()))
                .toList();
    }

    /**
     * An ID token for {@code username} of the first pool with an app client ({@code aud} the first client), signed
     * with the pool's ID-token key. Cognito issues ID tokens only to users, never through client credentials;
     * methods without scopes want one.
     *
     * @throws IllegalStateException when no pool has an app client
     */
    public String idToken(String username) {
        Map.Entry<EmulatedUserPool, AppClientModel> first = firstClient();
        if (first == null) {
            throw new IllegalStateException("The emulated stacks have no user pool with an app client");
        }
        return first.getKey().idToken(username, first.getValue());
    }

    /**
     * An access token of the first app client with {@code scopes}, whatever the client may ask for: a token the token
     * endpoint would not issue, for tests of what the API does with it.
     *
     * @throws IllegalStateException when no pool has an app client
     */
    public String accessToken(List<String> scopes) {
        Map.Entry<EmulatedUserPool, AppClientModel> first = firstClient();
        if (first == null) {
            throw new IllegalStateException("The emulated stacks have no user pool with an app client");
        }
        return first.getKey().accessToken(first.getValue(), List.copyOf(scopes));
    }

    /**
     * Creates {@code username} with a permanent {@code password} in every pool, confirmed, as
     * {@link EmulatorSettings#withUsers} does at start (where a pool's users sign in with their email, the name is the
     * email, and verified).
     *
     * @throws dev.gatewaycli.emulator.cognito.UserRefusedException when a pool refuses the name or the password (no
     *     pool gets the user then)
     * @throws IllegalStateException when the emulated stacks have no user pool
     */
    public void addUser(String username, String password) {
        if (pools.isEmpty()) {
            throw new IllegalStateException("The emulated stacks have no user pool");
        }
        new EmulatorSettings.User(username, password);
        for (EmulatedUserPool pool : pools) {
            pool.checkNewUser(username, password);
        }
        for (EmulatedUserPool pool : pools) {
            pool.addConfirmedUser(username, password);
        }
    }

    /**
     * Adds an app client to pool {@code userPoolId}, as {@code CreateUserPoolClient} does: a new id (and a secret when
     * {@code generateSecret}), the {@code authFlows} (Cognito's defaults when null), no OAuth flows, the default token
     * validities.
     *
     * @throws IllegalArgumentException for an unknown pool, or a client Cognito would refuse
     */
    public Client createClient(String userPoolId, String name, boolean generateSecret, List<String> authFlows) {
        EmulatedUserPool pool = pools.stream()
                .filter(p -> p.userPoolId().equals(userPoolId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no user pool " + userPoolId));
        AppClientModel c = AppClients.create(pool, name, generateSecret, authFlows);
        return new Client(
                c.name(),
                c.clientId(),
                c.clientSecret().orElse(null),
                pool.userPoolId(),
                c.allowedScopes(),
                c.explicitAuthFlows());
    }

    /**
     * The endpoints and throw-away credentials as one JSON line, the shape {@code gateway-cli local -o json} prints:
     * {@code {"issuer":…,"tokenUrl":…,"jwksUrl":…,"apiUrl":…,"userPoolId":…,"region":…,"clientId":…,"clientSecret":…,
     * "scopes":[…],"idpUrl":…,"caFile":…,"apis":[{"name","restApiId","stage","url"}],"clients":[{"name","clientId","clientSecret",
     * "userPoolId","scopes"}],"apiKeys":[{"name","id","value"}]}}; the single-valued fields name the first client,
     * its pool and the first API, and are null where there is none. It contains secrets: print it only where the user
     * asked.
     */
    public String endpointsJson() {
        ObjectNode out = Json.object()
                .put("issuer", issuer())
                .put("tokenUrl", tokenUrl())
                .put("jwksUrl", jwksUrl())
                .put("apiUrl", apiUrl())
                .put("userPoolId", userPoolId())
                .put("region", region())
                .put("clientId", clientId())
                .put("clientSecret", clientSecret());
        scopes().forEach(out.putArray("scopes")::add);
        out.put("idpUrl", idpUrl());
        if (caFile != null) {
            out.put("caFile", caFile.toString());
        }
        ArrayNode apis = out.putArray("apis");
        for (Api api : apis()) {
            apis.addObject()
                    .put("name", api.name())
                    .put("restApiId", api.restApiId())
                    .put("stage", api.stage())
                    .put("url", api.url());
        }
        ArrayNode clients = out.putArray("clients");
        for (Client client : clients()) {
            ObjectNode c = clients.addObject()
                    .put("name", client.name())
                    .put("clientId", client.clientId())
                    .put("clientSecret", client.clientSecret())
                    .put("userPoolId", client.userPoolId());
            client.scopes().forEach(c.putArray("scopes")::add);
        }
        ArrayNode keys = out.putArray("apiKeys");
        for (ApiKey key : apiKeys()) {
            keys.addObject().put("name", key.name()).put("id", key.id()).put("value", key.value());
        }
        return Json.MAPPER.writeValueAsString(out);
    }

    /** Stops the server, then the functions; idempotent. */
    @Override
    public void close() {
        if (!server.isDisposed()) {
            server.disposeNow(Duration.ofSeconds(5));
            functions.values().forEach(LambdaFunction::close);
            functionHost.close();
            watchdog.close();
            LOG.info("Gateway emulator on {} stopped", baseUrl);
        }
    }

    /**
     * Ends the event loops that every emulator of this JVM serves on (Reactor Netty's shared {@link HttpResources}),
     * for a process that is about to exit and has closed its emulators: a loop's thread waits in {@code epoll}, in
     * native code, and the JVM's {@code System.exit} waits up to 0.3 s for such threads before it ends. An emulator
     * started afterwards gets new loops. Not for a JVM that goes on serving with emulators of its own (a test run).
     */
    public static void disposeSharedLoops(Duration timeout) {
        try {
            HttpResources.disposeLoopsAndConnectionsLater(Duration.ZERO, timeout)
                    .block(timeout.plusMillis(100));
        } catch (RuntimeException ex) {
            LOG.debug("The shared event loops did not end within {}: {}", timeout, ex.toString());
        }
    }

    /** Never a secret. */
    @Override
    public String toString() {
        return "GatewayEmulator[" + model.stackNames() + " on " + baseUrl + ", pool " + userPoolId() + ", client "
                + clientId() + "]";
    }
}
