package dev.gatewaycli.cli.verify;

import com.nimbusds.jwt.JWTParser;
import dev.gatewaycli.cli.api.ApiResponse;
import dev.gatewaycli.cli.config.Secret;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.Target;
import dev.gatewaycli.cli.config.TokenMint;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.oauth.IssuedToken;
import dev.gatewaycli.cli.oauth.TokenManager;
import dev.gatewaycli.cli.oauth.TokenManagerFactory;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.TerminalText;
import dev.gatewaycli.emulator.apigateway.GatewayResponses;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * The eleven checks of docs/verify.md, in order, against one target: the token endpoint, the token, the authorizer,
 * the function and the gateway's own answers, which it compares with the emulator's {@link GatewayResponses} (the
 * one place the project names them). Each check is timed, and its summary and evidence pass through the
 * {@link Redactor} (the secret, the wrong secret of check 9 and every token seen are registered) and are kept on one
 * line free of control characters ({@link TerminalText#line}), so no output made from the results can carry a secret,
 * a whole token or a server's escape sequences.
 *
 * <p>Tokens: check 1 fetches a fresh one ({@code --refresh} semantics: it must prove that the endpoint issues tokens
 * now, not that the cache holds one) and the manager caches it as {@code call} would; the other checks take it from
 * the same manager, so check 11 can count token requests. Checks 8 and 9 use their own uncached managers: their
 * tokens (another scope, a wrong secret) must never land in the cache. Against an emulated stack, check 8 has the
 * pool's key ({@link TokenMint}), so it can always have a token without the method's scope.
 */
public final class SmokeSuite {

    /** The check names, in order (docs/verify.md has a section for each). */
    public static final List<String> NAMES = List.of(
            "token-issued",
            "token-valid",
            "authorised-call",
            "no-token-refused",
            "garbage-token-refused",
            "altered-signature-refused",
            "bearer-prefix",
            "missing-scope-refused",
            "wrong-secret-refused",
            "unknown-path",
            "latency");

    static final String GARBAGE_TOKEN = "gateway-cli-verify-this-is-not-a-token";

    /** API Gateway's answer to a request its authorizer refuses. */
    private static final GatewayResponses REFUSED = GatewayResponses.UNAUTHORIZED;

    /** API Gateway's answer to an unknown resource, method or stage. */
    private static final GatewayResponses UNKNOWN = GatewayResponses.MISSING_AUTHENTICATION_TOKEN;

    /** Check 11's latencies in microseconds, to three significant digits (as {@code load} records them). */
    private static final int DIGITS = 3;

    private final Target target;

    private final Settings settings;

    private final SuitePlan plan;

    private final TokenManagerFactory tokenManagers;

    private final HttpTrace trace;

    private final Redactor redactor;

    private final TokenInspection inspection;

    private final HttpProbe http;

    private TokenManager tokens;

    /** The token of check 1, or null when it failed (then {@link #noToken} says why). */
    private IssuedToken issued;

    private String noToken = "no token: check 1 (token-issued) failed";

    /** Check 3's answer to the raw token, which check 7 compares the Bearer form with. */
    private ApiResponse rawAnswer;

    /**
     * @param target what the suite runs against (options, environment, profile, or {@code --local})
     * @param plan what it calls and expects
     * @param tokenManagers the CLI's token managers
     * @param trace the {@code -v} output, whose redactor masks every output
     * @param clock the clock tokens are judged by
     */
    public SmokeSuite(Target target, SuitePlan plan, TokenManagerFactory tokenManagers, HttpTrace trace, Clock clock) {
        this.target = Objects.requireNonNull(target, "target cannot be null");
        this.settings = target.settings();
        this.plan = Objects.requireNonNull(plan, "plan cannot be null");
        this.tokenManagers = Objects.requireNonNull(tokenManagers, "tokenManagers cannot be null");
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
        this.redactor = trace.redactor();
        this.http = new HttpProbe(settings.http(), trace);
        this.inspection = new TokenInspection(http, target, Objects.requireNonNull(clock, "clock cannot be null"));
        redactor.register(settings.clientSecret().reveal());
    }

    /** Runs every check, in order; never throws for what a service answers or for a network failure. */
    public List<CheckResult> run() {
        tokens = tokenManagers.create(target, trace);
        String refused = ": " + REFUSED.status();
        List<CheckResult> results = new ArrayList<>();
        results.add(
                check(1, "the token endpoint issues a token for the configured client and scopes", this::tokenIssued));
        results.add(check(
                2,
                "the token is what Cognito issues: RS256, kid in the JWKS, valid signature and claims",
                () -> needsToken(() -> inspection.inspect(currentToken()))));
        results.add(check(
                3,
                "the API answers the authorised call with 2xx and the expected body",
                () -> needsToken(this::authorisedCall)));
        results.add(
                check(4, "no Authorization header" + refused, () -> expectRefused(null, "no Authorization header")));
        results.add(check(5, "a garbage token" + refused, () -> expectRefused(GARBAGE_TOKEN, "a garbage token")));
        results.add(check(
                6, "the real token with its signature altered" + refused, () -> needsToken(this::alteredSignature)));
        results.add(check(
                7,
                "the real token with 'Bearer ' prefix: answered as the raw token",
                () -> needsToken(this::bearerPrefix)));
        results.add(check(8, "a token without the method's scope" + refused, () -> needsToken(this::missingScope)));
        results.add(check(9, "wrong client secret: the token endpoint refuses with invalid_client", this::wrongSecret));
        results.add(check(10, "an unknown path: " + UNKNOWN.status() + " " + UNKNOWN.message(), this::unknownPath));
        results.add(check(
                11,
                "latency of " + plan.calls() + " authorised calls, and that they used one token",
                () -> needsToken(this::latency)));
        return results;
    }

    private CheckResult check(int number, String title, Supplier<Outcome> body) {
        long start = System.nanoTime();
        Outcome outcome;
        try {
            outcome = body.get();
        } catch (ExitException ex) {
            outcome = Outcome.fail(ex.getMessage())
                    .because(
                            (ex.getStatus() == ExitCodes.NETWORK)
                                    ? CheckResult.Cause.NETWORK
                                    : CheckResult.Cause.ANSWER);
        } catch (RuntimeException ex) {
            outcome = Outcome.fail("unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                    + " (run with -v, and report it)");
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        Map<String, Object> evidence = new LinkedHashMap<>();
        outcome.evidence.forEach((key, value) -> evidence.put(key, redact(value)));
        return new CheckResult(
                number,
                NAMES.get(number - 1),
                title,
                outcome.verdict,
                TerminalText.line(redactor.redact(outcome.summary)),
                evidence,
                duration,
                outcome.cause);
    }

    private Object redact(Object value) {
        if (value instanceof String text) {
            return TerminalText.line(redactor.redact(text));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::redact).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), redact(v)));
            return copy;
        }
        return value;
    }

    /** A quote of the answer's body, masked before it is cut (a token cut in half is no longer recognised). */
    private String excerpt(ApiResponse answer) {
        return Excerpts.of(redactor.redact(answer.bodyText()));
    }

    private Outcome needsToken(Supplier<Outcome> body) {
        return (issued == null) ? Outcome.skip(noToken) : body.get();
    }

    // 1
    private Outcome tokenIssued() {
        try {
            issued = tokens.token(true);
        } catch (ExitException ex) {
            noToken = "no token: the token endpoint refused or could not be reached (check 1)";
            CheckResult.Cause cause = switch (ex.getStatus()) {
                case ExitCodes.AUTH -> CheckResult.Cause.REFUSED;
                case ExitCodes.NETWORK -> CheckResult.Cause.NETWORK;
                default -> CheckResult.Cause.ANSWER;
            };
            return Outcome.fail(ex.getMessage())
                    .because(cause)
                    .with("tokenUrl", settings.tokenUrl().toString())
                    .with("clientAuth", settings.auth().method().getValue());
        }
        redactor.register(issued.value());
        var access = issued.accessToken();
        Long expiresIn = (access.getIssuedAt() == null || access.getExpiresAt() == null)
                ? null
                : Duration.between(access.getIssuedAt(), access.getExpiresAt()).toSeconds();
        String requested =
                settings.scopes().isEmpty() ? "(none: all the client's scopes)" : String.join(" ", settings.scopes());
        return Outcome.pass("a fresh token for client " + settings.clientId() + " with "
                        + settings.auth().method().getValue() + ", scope requested " + requested + ", expires_in "
                        + expiresIn
                        + " s")
                .with("tokenUrl", settings.tokenUrl().toString())
                .with("clientId", settings.clientId())
                .with("clientAuth", settings.auth().method().getValue())
                .with("requestedScopes", settings.scopes())
                .with("expiresIn", expiresIn)
                .with("accessToken", Redactor.MASK);
    }

    /** The cached token, through the manager as {@code call} takes it. */
    private IssuedToken currentToken() {
        IssuedToken token = tokens.token(false);
        redactor.register(token.value());
        return token;
    }

    // 3
    private Outcome authorisedCall() {
        URI uri = api(plan.path());
        ApiResponse answer =
                http.get(uri, Map.of(HttpHeaders.AUTHORIZATION, currentToken().value()), "API");
        rawAnswer = answer;
        Outcome facts = Outcome.pass("")
                .with("request", "GET " + uri)
                .with("status", answer.status())
                .with("body", excerpt(answer))
                .with("expected", plan.expectation().describe());
        if (!answer.isSuccess()) {
            return copy(
                    Outcome.fail("GET " + plan.path() + " with the token answered " + answer.status() + message(answer)
                            + ", expected 2xx"),
                    facts);
        }
        String mismatch = plan.expectation().mismatch(answer.bodyText());
        if (mismatch != null) {
            return copy(Outcome.fail(answer.status() + " but " + mismatch), facts);
        }
        return copy(Outcome.pass(answer.status() + " " + excerpt(answer)), facts);
    }

    // 4, 5, 6, 8
    private Outcome expectRefused(String authorization, String what) {
        URI uri = api(plan.path());
        Map<String, String> headers =
                (authorization == null) ? Map.of() : Map.of(HttpHeaders.AUTHORIZATION, authorization);
        ApiResponse answer = http.get(uri, headers, "API");
        Outcome facts = Outcome.pass("")
                .with("request", "GET " + uri + " with " + what)
                .with("status", answer.status())
                .with("errorType", answer.headers().getFirst(GatewayResponses.ERROR_TYPE_HEADER))
                .with("body", excerpt(answer));
        if (answer.status() == REFUSED.status()) {
            return copy(Outcome.pass(answer.status() + message(answer)), facts);
        }
        String why = answer.isSuccess()
                ? ": the API let the request through, so it is not protected"
                : (answer.status() == UNKNOWN.status())
                        ? " (" + UNKNOWN.status() + " is an unknown path, method or stage: check --path and --api-url)"
                        : "";
        return copy(
                Outcome.fail("expected " + REFUSED.status() + " for " + what + ", got " + answer.status()
                        + message(answer) + why),
                facts);
    }

    // 6
    private Outcome alteredSignature() {
        String token = currentToken().value();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return Outcome.fail("the token is not a signed JWT (three parts), so it has no signature to alter");
        }
        // The first character of the signature: changing the last one may only touch padding bits and decode to the
        // same bytes.
        char first = parts[2].charAt(0);
        String altered = parts[0] + "." + parts[1] + "." + ((first == 'A') ? 'B' : 'A') + parts[2].substring(1);
        redactor.register(altered);
        return expectRefused(altered, "the token's signature altered");
    }

    // 7
    private Outcome bearerPrefix() {
        if (rawAnswer == null) {
            return Outcome.skip("no answer to the raw token to compare with (check 3 got none)");
        }
        URI uri = api(plan.path());
        ApiResponse answer = http.get(
                uri,
                Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + currentToken().value()),
                "API");
        Outcome facts = Outcome.pass("")
                .with("request", "GET " + uri + " with Authorization: Bearer ****")
                .with("status", answer.status())
                .with("rawStatus", rawAnswer.status())
                .with("body", excerpt(answer));
        boolean sameBody = BodyExpectation.bodiesEqual(rawAnswer.bodyText(), answer.bodyText());
        if (answer.status() == rawAnswer.status() && sameBody && answer.isSuccess()) {
            return copy(Outcome.pass(answer.status() + ", the same answer as the raw token"), facts);
        }
        if (!rawAnswer.isSuccess()) {
            return copy(
                    Outcome.fail("the raw token answered " + rawAnswer.status() + " (check 3) and 'Bearer <token>' "
                            + answer.status() + ": nothing to compare with a 2xx"),
                    facts);
        }
        return copy(
                Outcome.fail("'Bearer <token>' answered " + answer.status() + message(answer) + ", the raw token "
                        + rawAnswer.status() + (sameBody ? "" : " with another body")),
                facts);
    }

    // 8
    private Outcome missingScope() {
        List<String> allowed;
        if (settings.scopes().isEmpty()) {
            allowed = scopesOf(currentToken().value());
        } else {
            // A token requested without scope carries every scope the client is allowed (docs/fidelity.md §1).
            IssuedToken all = tokenManagers
                    .create(settings.withScopes(List.of()), false, trace)
                    .token(false);
            redactor.register(all.value());
            allowed = scopesOf(all.value());
        }
        List<String> methodScopes = plan.methodScopes().isEmpty() ? settings.scopes() : plan.methodScopes();
        Outcome facts = Outcome.pass("").with("allowedScopes", allowed).with("methodScopes", methodScopes);
        Optional<TokenMint> mint = target.tokenMint();
        if (mint.isPresent()) {
            // The pool's key is at hand: a token of this client with the client's other scopes, or with none when
            // the method's are unknown or the client has no other; either way none the method takes.
            List<String> others = methodScopes.isEmpty()
                    ? List.of()
                    : allowed.stream().filter((s) -> !methodScopes.contains(s)).toList();
            String token = mint.get().accessToken(others);
            redactor.register(token);
            facts.with("requestedScopes", others)
                    .with("tokenScopes", scopesOf(token))
                    .with("tokenSource", "signed with the emulated pool's key");
            return copy(expectRefused(token, "a token with " + describeScopes(others)), facts);
        }
        if (allowed.size() <= 1) {
            return copy(
                    Outcome.skip("the client is allowed only " + (allowed.isEmpty() ? "no scope" : allowed.get(0))
                            + ", so no token without the method's scope can be issued"),
                    facts);
        }
        if (methodScopes.isEmpty()) {
            return copy(
                    Outcome.skip("which scope the method takes is unknown: no scope is configured (pass --scope or "
                            + "--method-scope)"),
                    facts);
        }
        List<String> others =
                allowed.stream().filter((s) -> !methodScopes.contains(s)).toList();
        if (others.isEmpty()) {
            return copy(
                    Outcome.skip("every scope the client is allowed (" + String.join(" ", allowed)
                            + ") is one the method takes"),
                    facts);
        }
        facts.with("requestedScopes", others);
        IssuedToken other =
                tokenManagers.create(settings.withScopes(others), false, trace).token(false);
        redactor.register(other.value());
        List<String> granted = scopesOf(other.value());
        facts.with("tokenScopes", granted);
        List<String> leaked = granted.stream().filter(methodScopes::contains).toList();
        if (!leaked.isEmpty()) {
            return copy(
                    Outcome.fail("asked for " + String.join(" ", others) + " but the token endpoint granted "
                            + String.join(" ", leaked) + " too"),
                    facts);
        }
        return copy(expectRefused(other.value(), "a token with " + describeScopes(others)), facts);
    }

    private static String describeScopes(List<String> scopes) {
        return scopes.isEmpty() ? "no scope" : "scope " + String.join(" ", scopes);
    }

    // 9
    private Outcome wrongSecret() {
        String real = settings.clientSecret().reveal();
        char last = real.charAt(real.length() - 1);
        String wrong = real.substring(0, real.length() - 1) + ((last == 'a') ? 'b' : 'a');
        redactor.register(wrong);
        Settings bad = settings.withSecret(
                new Secret(wrong, "verify: the secret with its last character changed"),
                settings.http().once());
        Outcome facts = Outcome.pass("")
                .with("tokenUrl", settings.tokenUrl().toString())
                .with("clientAuth", settings.auth().method().getValue())
                .with("clientSecret", "the real one with its last character changed (never shown)");
        try {
            IssuedToken token = tokenManagers.create(bad, false, trace).token(false);
            redactor.register(token.value());
            return copy(Outcome.fail("the token endpoint issued a token for a wrong client secret"), facts);
        } catch (ExitException ex) {
            if (ex.getStatus() != ExitCodes.AUTH) {
                throw ex;
            }
            String code = errorCode(ex);
            facts.with("error", code);
            if ("invalid_client".equals(code)) {
                return copy(Outcome.pass("refused: invalid_client"), facts);
            }
            return copy(
                    Outcome.fail("refused with " + code + ", expected invalid_client (" + ex.getMessage() + ")"),
                    facts);
        }
    }

    // 10
    private Outcome unknownPath() {
        String path = "/gateway-cli-verify-" + UUID.randomUUID().toString().replace("-", "");
        URI uri = api(path);
        ApiResponse answer = http.get(uri, Map.of(), "API");
        Outcome facts = Outcome.pass("")
                .with("request", "GET " + uri)
                .with("status", answer.status())
                .with("errorType", answer.headers().getFirst(GatewayResponses.ERROR_TYPE_HEADER))
                .with("body", excerpt(answer));
        if (answer.status() == UNKNOWN.status()
                && answer.gatewayMessage().filter(UNKNOWN.message()::equals).isPresent()) {
            return copy(Outcome.pass(UNKNOWN.status() + " " + UNKNOWN.message()), facts);
        }
        return copy(
                Outcome.fail("expected " + UNKNOWN.status() + " {\"message\":\"" + UNKNOWN.message() + "\"}, got "
                        + answer.status() + " " + excerpt(answer)),
                facts);
    }

    // 11
    private Outcome latency() {
        URI uri = api(plan.path());
        Histogram micros = new Histogram(DIGITS);
        Set<String> used = new HashSet<>();
        int tokenRequests = 0;
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < plan.calls(); i++) {
            IssuedToken token = currentToken();
            if (!token.fromCache()) {
                tokenRequests++;
            }
            used.add(token.value());
            long start = System.nanoTime();
            ApiResponse answer = http.get(uri, Map.of(HttpHeaders.AUTHORIZATION, token.value()), "API");
            micros.recordValue(Math.max(0, (System.nanoTime() - start) / 1000));
            statuses.merge(answer.status(), 1, Integer::sum);
        }
        double p50 = millis(micros.getValueAtPercentile(50));
        double p95 = millis(micros.getValueAtPercentile(95));
        double max = millis(micros.getMaxValue());
        int non2xx = statuses.entrySet().stream()
                .filter((e) -> e.getKey() < 200 || e.getKey() >= 300)
                .mapToInt(Map.Entry::getValue)
                .sum();
        Map<String, Integer> statusCounts = new LinkedHashMap<>();
        statuses.forEach((status, count) -> statusCounts.put(String.valueOf(status), count));
        String figures = plan.calls() + " calls: p50 " + p50 + " ms, p95 " + p95 + " ms, max " + max + " ms";
        Outcome facts = Outcome.pass("")
                .with("request", "GET " + uri)
                .with("calls", plan.calls())
                .with("p50Ms", p50)
                .with("p95Ms", p95)
                .with("maxMs", max)
                .with("statuses", statusCounts)
                .with("tokensUsed", used.size())
                .with("tokenRequests", tokenRequests);
        List<String> problems = new ArrayList<>();
        if (non2xx > 0) {
            problems.add(non2xx + " of " + plan.calls() + " calls answered non-2xx " + statusCounts);
        }
        if (used.size() != 1 || tokenRequests != 0) {
            problems.add("they used " + used.size() + " tokens and made " + tokenRequests
                    + " token requests: the token was not reused");
        }
        if (!problems.isEmpty()) {
            return copy(Outcome.fail(figures + "; " + String.join("; ", problems)), facts);
        }
        return copy(Outcome.pass(figures + ", one token, no token request"), facts);
    }

    /** Microseconds as milliseconds to one decimal. */
    private static double millis(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }

    private URI api(String path) {
        String base = settings.apiUrl().toString().replaceAll("/+$", "");
        return URI.create(base + (path.startsWith("/") ? "" : "/") + path);
    }

    private static List<String> scopesOf(String token) {
        try {
            Object scope = JWTParser.parse(token).getJWTClaimsSet().getClaim("scope");
            if (scope instanceof String text && !text.isBlank()) {
                return List.copyOf(new LinkedHashSet<>(Arrays.asList(text.trim().split("\\s+"))));
            }
            return List.of();
        } catch (ParseException ex) {
            return List.of();
        }
    }

    private static String errorCode(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OAuth2AuthorizationException oauth) {
                return oauth.getError().getErrorCode();
            }
        }
        return "an unknown error";
    }

    private static String message(ApiResponse answer) {
        return answer.gatewayMessage().map((message) -> " " + message).orElse("");
    }

    private static Outcome copy(Outcome into, Outcome facts) {
        facts.evidence.forEach((key, value) -> {
            if (!into.evidence.containsKey(key)) {
                into.with(key, value);
            }
        });
        return into;
    }
}
