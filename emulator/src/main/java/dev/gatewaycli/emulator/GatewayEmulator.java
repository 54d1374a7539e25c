package dev.gatewaycli.emulator;

import dev.gatewaycli.emulator.apigateway.ApiGatewayHandler;
import dev.gatewaycli.emulator.apigateway.GatewayResponses;
import dev.gatewaycli.emulator.cognito.EmulatedUserPool;
import dev.gatewaycli.emulator.cognito.Identifiers;
import dev.gatewaycli.emulator.cognito.SigningKeys;
import dev.gatewaycli.emulator.cognito.TokenEndpoint;
import dev.gatewaycli.emulator.cognito.WellKnownEndpoints;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.http.RequestIds;
import dev.gatewaycli.emulator.http.ServerLimits;
import dev.gatewaycli.emulator.lambda.FunctionHost;
import dev.gatewaycli.emulator.lambda.LambdaFunction;
import dev.gatewaycli.emulator.lambda.Watchdog;
import dev.gatewaycli.emulator.model.DeploymentIdentity;
import dev.gatewaycli.emulator.model.FunctionModel;
import dev.gatewaycli.emulator.model.ResolvedStack;
import dev.gatewaycli.emulator.model.StackModel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulated stack on one loopback HTTP server: Cognito's token endpoint, JWKS and discovery; API Gateway's stage,
 * routes, Cognito authorizer and gateway responses; the stack's own Lambda functions, in execution environments of their
 * own. Built from a {@link StackModel}, so it
 * serves what the stack's template defines. Client id, secret and pool id are throw-away values in Cognito's shapes
 * unless {@link EmulatorSettings} fixes them.
 *
 * <pre>{@code
 * try (GatewayEmulator emu = GatewayEmulator.builder().model(StackModel.bundled()).start()) {
 *     // POST emu.tokenUrl() with emu.clientId()/emu.clientSecret(), then GET emu.apiUrl() with the token
 * }
 * }</pre>
 *
 * Thread-safe; {@link #close()} stops the server and the functions' execution environments.
 */
public final class GatewayEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayEmulator.class);
    /** Netty's own limit: far above API Gateway's 10240 bytes, so that the emulator answers 431 with a JSON body. */
    private static final int NETTY_MAX_HEADER_BYTES = 64 * 1024;

    private final ResolvedStack stack;
    private final EmulatorSettings settings;
    private final EmulatedUserPool pool;
    private final Map<String, LambdaFunction> functions;
    private final Watchdog watchdog;
    private final FunctionHost functionHost;
    private final DisposableServer server;
    private final String baseUrl;

    private GatewayEmulator(Builder b) {
        this.settings = b.settings;
        String region = settings.region();
        String poolId = settings.userPoolId().orElseGet(() -> Identifiers.userPoolId(region));
        String clientId = settings.clientId().orElseGet(Identifiers::clientId);
        String clientSecret = settings.clientSecret().orElseGet(Identifiers::clientSecret);
        this.stack = b.model.resolve(
                new DeploymentIdentity(region, settings.accountId(), poolId, clientId, Identifiers.apiId()));
        SigningKeys keys = settings.keysFile().map(SigningKeys::loadOrCreate).orElseGet(SigningKeys::generate);

        this.watchdog = new Watchdog("gateway-emulator-watchdog");
        this.functionHost = new FunctionHost(
                region,
                settings.accountId(),
                settings.clock(),
                settings.functionConcurrency(),
                settings.functions(),
                watchdog);
        Map<String, LambdaFunction> fns = new LinkedHashMap<>();
        try {
            for (FunctionModel f : stack.functions().values()) {
                fns.put(f.logicalId(), new LambdaFunction(f, functionHost));
            }
        } catch (RuntimeException e) {
            fns.values().forEach(LambdaFunction::close);
            functionHost.close();
            watchdog.close();
            throw e;
        }
        this.functions = Map.copyOf(fns);
        functionHost.checkOverrides(stack.functions().values());

        // The issuer of LOCAL style needs the port, known only once bound: bind first, route once everything exists.
        AtomicReference<BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>>> handler =
                new AtomicReference<>(
                        (request, response) -> response.status(503).send());
        try {
            this.server = ServerLimits.DEFAULTS
                    .applyTo(HttpServer.create())
                    .host(b.host)
                    .port(b.port)
                    .httpRequestDecoder(
                            spec -> spec.maxHeaderSize(NETTY_MAX_HEADER_BYTES).maxInitialLineLength(16 * 1024))
                    .handle((request, response) -> handler.get().apply(request, response))
                    .bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            functions.values().forEach(LambdaFunction::close);
            functionHost.close();
            watchdog.close();
            throw new IllegalStateException("Cannot listen on " + b.host + ":" + b.port + ": " + rootMessage(e), e);
        }
        String urlHost = b.host.equals("0.0.0.0") || b.host.equals("::")
                ? "127.0.0.1"
                : b.host.contains(":") ? "[" + b.host + "]" : b.host;
        this.baseUrl = "http://" + urlHost + ":" + server.port();
        String issuer = settings.issuerStyle() == EmulatorSettings.IssuerStyle.LOCAL
                ? baseUrl + "/" + poolId
                : "https://cognito-idp." + region + ".amazonaws.com/" + poolId;
        this.pool = new EmulatedUserPool(
                stack.userPool(), region, poolId, issuer, clientId, clientSecret, keys, settings.clock());
        handler.set(dispatcher());
        LOG.info(
                "Gateway emulator for stack {} listening on {} (API {}, token endpoint {})",
                stack.stackName(),
                baseUrl,
                apiUrl(),
                tokenUrl());
    }

    /**
     * The Cognito side's three paths go to WebFlux's functional routes; everything else is the API's, served on Reactor
     * Netty directly (the path a load test drives; see {@link ApiGatewayHandler}).
     */
    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> dispatcher() {
        TokenEndpoint token = new TokenEndpoint(
                pool,
                new TokenEndpoint.Options(
                        settings.unknownScope(), settings.invalidClientStatus(), settings.basicCredentials()));
        WellKnownEndpoints wellKnown = new WellKnownEndpoints(pool, baseUrl);
        ApiGatewayHandler api = new ApiGatewayHandler(
                stack.api(),
                pool,
                functions,
                watchdog,
                new ApiGatewayHandler.Options(
                        settings.integrationTimeout(),
                        settings.authorizerCacheTtl().orElse(null),
                        settings.maxPayloadBytes(),
                        settings.maxHeaderBytes(),
                        settings.region(),
                        settings.accountId()));
        String jwksPath = WellKnownEndpoints.jwksPath(pool.userPoolId());
        String discoveryPath = WellKnownEndpoints.discoveryPath(pool.userPoolId());
        RouterFunction<ServerResponse> cognito = RouterFunctions.route()
                .POST(TokenEndpoint.PATH, token)
                .route(RequestPredicates.path(TokenEndpoint.PATH), TokenEndpoint::methodNotAllowed)
                .GET(jwksPath, wellKnown::jwks)
                .GET(discoveryPath, wellKnown::discovery)
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
        return (request, response) -> {
            String target = ApiGatewayHandler.requestTarget(request.uri());
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            boolean cognitoSide =
                    path.equals(TokenEndpoint.PATH) || path.equals(jwksPath) || path.equals(discoveryPath);
            return cognitoSide ? webFlux.apply(request, response) : api.apply(request, response);
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

        private Builder() {}

        /** The stack to emulate: {@link StackModel#bundled()}, {@link StackModel#fromCloudAssembly}, ... Required. */
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

        /** Binds the server and returns the running emulator. */
        public GatewayEmulator start() {
            if (model == null) {
                throw new IllegalStateException(
                        "model is required: StackModel.bundled(), fromCloudAssembly(...) or fromTemplate(...)");
            }
            return new GatewayEmulator(this);
        }
    }

    /** {@code iss} of every token: Cognito's {@code https://cognito-idp.<region>.amazonaws.com/<poolId>} by default. */
    public String issuer() {
        return pool.issuer();
    }

    /** {@code http://<host>:<port>/oauth2/token} */
    public String tokenUrl() {
        return baseUrl + TokenEndpoint.PATH;
    }

    /** {@code http://<host>:<port>/<poolId>/.well-known/jwks.json} */
    public String jwksUrl() {
        return WellKnownEndpoints.jwksUrl(baseUrl, pool.userPoolId());
    }

    /** {@code http://<host>:<port>/<poolId>/.well-known/openid-configuration} */
    public String discoveryUrl() {
        return baseUrl + WellKnownEndpoints.discoveryPath(pool.userPoolId());
    }

    /** {@code http://<host>:<port>/<stage>/}, the first stage of the template. */
    public String apiUrl() {
        return baseUrl + "/" + stack.api().stages().get(0) + "/";
    }

    /** {@code http://<host>:<port>} */
    public String baseUrl() {
        return baseUrl;
    }

    public String userPoolId() {
        return pool.userPoolId();
    }

    public String region() {
        return pool.region();
    }

    public String clientId() {
        return pool.clientId();
    }

    public String clientSecret() {
        return pool.clientSecret();
    }

    /** The app client's allowed scopes ({@code users/read-only}), what a token request without scope gets. */
    public List<String> scopes() {
        return pool.scopes();
    }

    public int port() {
        return server.port();
    }

    /** The resolved model being served (routes, functions, client settings). */
    public ResolvedStack stack() {
        return stack;
    }

    /**
     * An access token of the app client carrying exactly {@code scopes}, signed like every token the token endpoint
     * issues: for tests, and for the token a client could only get if the pool allowed it another scope.
     */
    public String accessToken(List<String> scopes) {
        return pool.accessToken(scopes);
    }

    /**
     * An ID token for {@code username}, signed with the pool's ID-token key. Cognito issues ID tokens only to users,
     * never through client credentials; methods without scopes want one.
     */
    public String idToken(String username) {
        return pool.idToken(username);
    }

    /**
     * The endpoints and throw-away credentials as one JSON line, the shape {@code gateway-cli local -o json} prints:
     * {@code {"issuer":…,"tokenUrl":…,"jwksUrl":…,"apiUrl":…,"userPoolId":…,"region":…,"clientId":…,"clientSecret":…,"scopes":[…]}}.
     * It contains the secret: print it only where the user asked for it.
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

    /** Never the secret. */
    @Override
    public String toString() {
        return "GatewayEmulator[" + stack.stackName() + " on " + baseUrl + ", pool " + pool.userPoolId() + ", client "
                + pool.clientId() + "]";
    }
}
