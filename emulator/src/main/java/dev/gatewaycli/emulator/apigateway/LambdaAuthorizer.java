package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.http.RequestIds;
import dev.gatewaycli.emulator.lambda.InvocationResult;
import dev.gatewaycli.emulator.lambda.LambdaFunction;
import dev.gatewaycli.emulator.lambda.Watchdog;
import dev.gatewaycli.emulator.model.AuthorizerModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A Lambda authorizer of type {@code TOKEN} or {@code REQUEST}, per the developer guide's "Use API Gateway Lambda
 * authorizers" and docs/fidelity.md §6. The identity sources must be present and non-empty (a {@code TOKEN}'s token
 * must also match {@code IdentityValidationExpression}), else {@code 401} without calling the function. The function
 * gets the documented event; an error whose message is {@code Unauthorized} is {@code 401}, any other failure (an
 * error, a timeout, an answer that is not a valid policy) {@code 500}. The answer's policy is evaluated against the
 * method ARN: explicit deny and implicit deny are {@code 403} with their messages. The answer is cached for the
 * authorizer's TTL by the identity sources' values, and evaluated again for each method it is used for, as API
 * Gateway caches the policy, not the decision.
 */
final class LambdaAuthorizer {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaAuthorizer.class);
    /** Cache entries kept at most; past it the cache is emptied. */
    static final int MAX_CACHE_ENTRIES = 10_000;

    /** What the authorizer concluded. */
    sealed interface Outcome {}

    /**
     * Authorised: what {@code requestContext.authorizer} carries, and the API key the authorizer names.
     *
     * @param context       the answer's {@code context}, every value a string
     * @param usageKey      {@code usageIdentifierKey}, when the answer has one
     * @param latencyMillis how long the function took ({@code integrationLatency}); 0 from the cache
     */
    record Allowed(String principalId, Map<String, String> context, Optional<String> usageKey, long latencyMillis)
            implements Outcome {}

    /** Refused with a gateway response. */
    record Denied(GatewayResponses response) implements Outcome {}

    private static final Denied UNAUTHORIZED = new Denied(GatewayResponses.UNAUTHORIZED);
    private static final Denied FAILED = new Denied(GatewayResponses.AUTHORIZER_CONFIGURATION_ERROR);

    /** A valid answer of the function, as cached. */
    private record Answer(
            String principalId,
            AuthorizerPolicy policy,
            Map<String, String> context,
            Optional<String> usageKey,
            Instant cachedUntil) {}

    private final AuthorizerModel model;
    private final LambdaFunction function;
    private final Duration ttl;
    private final Duration timeout;
    private final Clock clock;
    private final Watchdog watchdog;
    private final Pattern validation;
    private final Map<String, Answer> cache = new ConcurrentHashMap<>();

    /**
     * @param ttl     the result cache's time to live; zero disables it
     * @param timeout how long API Gateway waits for the function (the integration timeout)
     */
    LambdaAuthorizer(
            AuthorizerModel model,
            LambdaFunction function,
            Duration ttl,
            Duration timeout,
            Clock clock,
            Watchdog watchdog) {
        this.model = model;
        this.function = function;
        this.ttl = ttl;
        this.timeout = timeout;
        this.clock = clock;
        this.watchdog = watchdog;
        this.validation =
                model.identityValidationExpression().map(Pattern::compile).orElse(null);
    }

    /** Authorises {@code call} to invoke {@code methodArn}; the future never completes exceptionally. */
    CompletableFuture<Outcome> authorize(Call call, String methodArn) {
        List<String> identity = identity(call);
        if (identity == null) {
            return CompletableFuture.completedFuture(UNAUTHORIZED);
        }
        boolean token = model.type().equals(AuthorizerModel.TOKEN);
        if (token && validation != null && !validation.matcher(identity.get(0)).matches()) {
            return CompletableFuture.completedFuture(UNAUTHORIZED);
        }
        String key = identity.isEmpty() ? null : String.join("\u0000", identity);
        Instant now = clock.instant();
        Answer cached = key == null ? null : cache.get(key);
        if (cached != null && now.isBefore(cached.cachedUntil())) {
            return CompletableFuture.completedFuture(decide(cached, methodArn, 0));
        }
        byte[] event = token
                ? ProxyEvent.authorizerToken(identity.get(0), methodArn)
                : ProxyEvent.authorizerRequest(call, methodArn);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Watchdog.Deadline deadline = watchdog.after(timeout, () -> {
            if (outcome.complete(FAILED)) {
                LOG.info("{} Authorizer {} timed out after {}", call.requestId, model.name(), timeout);
            }
        });
        long start = System.nanoTime();
        // The authorizer's invocation is a Lambda request of its own, with its own id.
        function.invoke(event, RequestIds.uuid()).whenComplete((result, e) -> {
            deadline.cancel();
            long latency = (System.nanoTime() - start) / 1_000_000;
            Outcome o;
            try {
                o = outcome(result, key, methodArn, latency, call.requestId);
            } catch (RuntimeException | Error bug) {
                LOG.error("Unexpected failure reading the answer of authorizer {}", model.name(), bug);
                o = FAILED;
            }
            outcome.complete(o);
        });
        return outcome;
    }

    private Outcome outcome(InvocationResult result, String key, String methodArn, long latency, String requestId) {
        if (result instanceof InvocationResult.Failure failure) {
            if ("Unauthorized".equals(failure.errorMessage())) {
                return UNAUTHORIZED;
            }
            LOG.info(
                    "{} Authorizer {} failed: {}: {}",
                    requestId,
                    model.name(),
                    failure.errorType(),
                    failure.errorMessage());
            return FAILED;
        }
        Answer answer;
        try {
            answer = parse(((InvocationResult.Success) result).payload());
        } catch (AuthorizerPolicy.MalformedException e) {
            LOG.info("{} Authorizer {} returned an invalid answer: {}", requestId, model.name(), e.getMessage());
            return FAILED;
        }
        if (key != null && !ttl.isZero()) {
            if (cache.size() >= MAX_CACHE_ENTRIES) {
                cache.clear();
            }
            cache.put(key, answer);
        }
        return decide(answer, methodArn, latency);
    }

    private static Outcome decide(Answer answer, String methodArn, long latency) {
        return switch (answer.policy().decide(methodArn)) {
            case ALLOW -> new Allowed(answer.principalId(), answer.context(), answer.usageKey(), latency);
            case EXPLICIT_DENY -> new Denied(GatewayResponses.EXPLICIT_DENY);
            case IMPLICIT_DENY -> new Denied(GatewayResponses.ACCESS_DENIED);
        };
    }

    /** The function's answer, or what is wrong with it (API Gateway's answer to that is 500). */
    private Answer parse(byte[] payload) throws AuthorizerPolicy.MalformedException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(payload);
        } catch (RuntimeException e) {
            throw new AuthorizerPolicy.MalformedException("the answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new AuthorizerPolicy.MalformedException("the answer is not a JSON object");
        }
        JsonNode principal = root.get("principalId");
        if (principal == null || !principal.isString()) {
            throw new AuthorizerPolicy.MalformedException("principalId is missing or not a string");
        }
        AuthorizerPolicy policy = AuthorizerPolicy.parse(root.get("policyDocument"));
        Map<String, String> context = new LinkedHashMap<>();
        JsonNode ctx = root.get("context");
        if (ctx != null && !ctx.isNull()) {
            if (!ctx.isObject()) {
                throw new AuthorizerPolicy.MalformedException("context is not an object");
            }
            for (String name : ctx.propertyNames()) {
                JsonNode value = ctx.get(name);
                if (value.isNull()) {
                    continue;
                }
                if (!value.isValueNode()) {
                    // "You cannot set a JSON object or array as a valid value of any key in the context map."
                    throw new AuthorizerPolicy.MalformedException("context." + name + " is an object or an array");
                }
                context.put(name, value.asString());
            }
        }
        JsonNode usage = root.get("usageIdentifierKey");
        Optional<String> usageKey =
                usage != null && usage.isString() ? Optional.of(usage.asString()) : Optional.empty();
        return new Answer(
                principal.asString(),
                policy,
                Collections.unmodifiableMap(context),
                usageKey,
                clock.instant().plus(ttl));
    }

    /**
     * The identity sources' values in order; null when one is missing or empty. A {@code REQUEST} authorizer without
     * identity sources has none to check (and no cache).
     */
    private List<String> identity(Call call) {
        List<String> values = new ArrayList<>();
        for (String source : model.identitySources()) {
            String value = null;
            if (source.startsWith(AuthorizerModel.HEADER_SOURCE)) {
                value = call.header(source.substring(AuthorizerModel.HEADER_SOURCE.length()));
            } else if (source.startsWith("method.request.querystring.")) {
                value = call.queryParameter(source.substring("method.request.querystring.".length()));
            } else if (source.startsWith("stageVariables.")) {
                value = call.stage == null
                        ? null
                        : call.stage.variables().get(source.substring("stageVariables.".length()));
            } else if (source.startsWith("context.")) {
                value = call.context(source.substring("context.".length()));
            }
            if (value == null || value.isEmpty()) {
                return null;
            }
            values.add(value);
        }
        return values;
    }
}
