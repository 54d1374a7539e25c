package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.model.Partitions;
import dev.gatewaycli.emulator.model.RestApiModel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/**
 * Builds the Lambda proxy integration event (REST API, payload format 1.0) exactly as API Gateway does: top-level
 * {@code resource}, {@code path} (without the stage), {@code httpMethod}, {@code headers} and
 * {@code multiValueHeaders}, query and path parameters and {@code stageVariables} (null when there are none),
 * {@code requestContext} with the stage, request ids, times, identity (the API key of a keyed method, the access key
 * of a signed one) and {@code authorizer}: a Cognito authorizer's {@code claims} (every value a string; {@code exp}
 * and {@code iat} rendered like {@code Wed Jul 22 04:44:04 UTC 2026}) or a Lambda authorizer's {@code principalId},
 * context and {@code integrationLatency}; and the body as a string. A {@code REQUEST} Lambda authorizer's event is the
 * same request without body and authorizer, with {@code type} and {@code methodArn}.
 */
final class ProxyEvent {

    /** How API Gateway renders {@code exp}/{@code iat} in the claims: {@code java.util.Date#toString} in UTC. */
    static final DateTimeFormatter CLAIM_DATE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);
    /** {@code requestContext.requestTime}: CLF format. */
    static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private ProxyEvent() {}

    /** The identity fields API Gateway sends as null for a Cognito-authorised (or open) REST method, before sourceIp. */
    private static final List<String> IDENTITY_NULLS_BEFORE =
            List.of("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller");

    private static final List<String> IDENTITY_NULLS_AFTER =
            List.of("principalOrgId", "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn");

    /** {@code requestTime} of the last second seen: formatting it once a second instead of once a request. */
    private static volatile Map.Entry<Long, String> lastRequestTime = Map.entry(Long.MIN_VALUE, "");

    /** {@code <apiId>.execute-api.<region>.amazonaws.com}, the API's default endpoint. */
    static String domainName(RestApiModel api) {
        return api.apiId() + ".execute-api." + api.region() + "." + Partitions.urlSuffix(api.region());
    }

    /**
     * The Lambda proxy integration's event (payload format 1.0) for {@code call}, written field by field with a
     * streaming generator (no tree: building one, then serializing it, cost more than everything else the event
     * needs).
     */
    static byte[] build(Call call, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1536 + body.length + 64 * call.headers.size());
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            writeRequest(g, call, true);
            if (body.length == 0) {
                g.writeNullProperty("body");
            } else {
                g.writeStringProperty("body", new String(body, StandardCharsets.UTF_8));
            }
            g.writeBooleanProperty("isBase64Encoded", false);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * A {@code REQUEST} Lambda authorizer's event (developer guide, "Input to an API Gateway Lambda authorizer"): the
     * request as the proxy event shows it, with {@code type} and {@code methodArn}, without a body.
     */
    static byte[] authorizerRequest(Call call, String methodArn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1536 + 64 * call.headers.size());
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("type", "REQUEST");
            g.writeStringProperty("methodArn", methodArn);
            writeRequest(g, call, false);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** A {@code TOKEN} Lambda authorizer's event. */
    static byte[] authorizerToken(String token, String methodArn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + token.length());
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("type", "TOKEN");
            g.writeStringProperty("authorizationToken", token);
            g.writeStringProperty("methodArn", methodArn);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeRequest(JsonGenerator g, Call call, boolean withAuthorizer) {
        RouteTable.Match route = call.route;
        RestApiModel api = call.api;
        g.writeStringProperty("resource", route.method().resourcePath());
        g.writeStringProperty("path", route.path());
        g.writeStringProperty("httpMethod", call.httpMethod);
        writeHeaders(g, call.headers);
        writeQuery(g, call.query);
        if (route.pathParameters().isEmpty()) {
            g.writeNullProperty("pathParameters");
        } else {
            g.writeObjectPropertyStart("pathParameters");
            for (Map.Entry<String, String> p : route.pathParameters().entrySet()) {
                g.writeStringProperty(p.getKey(), p.getValue());
            }
            g.writeEndObject();
        }
        if (call.stage == null || call.stage.variables().isEmpty()) {
            g.writeNullProperty("stageVariables");
        } else {
            g.writeObjectPropertyStart("stageVariables");
            for (Map.Entry<String, String> v : call.stage.variables().entrySet()) {
                g.writeStringProperty(v.getKey(), v.getValue());
            }
            g.writeEndObject();
        }

        g.writeObjectPropertyStart("requestContext");
        g.writeStringProperty("resourceId", route.method().resourceId());
        if (withAuthorizer) {
            writeAuthorizer(g, call);
        }
        g.writeStringProperty("resourcePath", route.method().resourcePath());
        g.writeStringProperty("httpMethod", call.httpMethod);
        g.writeStringProperty("extendedRequestId", call.extendedRequestId);
        g.writeStringProperty("requestTime", requestTime(call.time));
        g.writeStringProperty("path", "/" + route.stage() + (route.path().equals("/") ? "/" : route.path()));
        g.writeStringProperty("accountId", api.accountId());
        g.writeStringProperty("protocol", "HTTP/1.1");
        g.writeStringProperty("stage", route.stage());
        g.writeStringProperty("domainPrefix", api.apiId());
        g.writeNumberProperty("requestTimeEpoch", call.time.toEpochMilli());
        g.writeStringProperty("requestId", call.requestId);
        g.writeObjectPropertyStart("identity");
        for (String name : IDENTITY_NULLS_BEFORE) {
            g.writeNullProperty(name);
        }
        if (call.apiKey != null) {
            g.writeStringProperty("apiKey", call.apiKey.value());
            g.writeStringProperty("apiKeyId", call.apiKey.id());
        }
        g.writeStringProperty("sourceIp", call.sourceIp);
        g.writeNullProperty(IDENTITY_NULLS_AFTER.get(0));
        if (call.accessKey == null) {
            g.writeNullProperty("accessKey");
        } else {
            g.writeStringProperty("accessKey", call.accessKey);
        }
        for (String name : IDENTITY_NULLS_AFTER.subList(1, IDENTITY_NULLS_AFTER.size())) {
            g.writeNullProperty(name);
        }
        g.writeStringProperty("userAgent", call.header("User-Agent"));
        g.writeNullProperty("user");
        g.writeEndObject();
        g.writeStringProperty("domainName", domainName(api));
        g.writeStringProperty("apiId", api.apiId());
        g.writeEndObject();
    }

    /**
     * {@code requestContext.authorizer}: a Cognito authorizer's {@code claims}; a Lambda authorizer's
     * {@code principalId}, its {@code context} (every value a string) and {@code integrationLatency}.
     */
    private static void writeAuthorizer(JsonGenerator g, Call call) {
        if (call.claims != null) {
            g.writeObjectPropertyStart("authorizer");
            g.writeObjectPropertyStart("claims");
            for (Map.Entry<String, String> claim : call.claims.entrySet()) {
                g.writeStringProperty(claim.getKey(), claim.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } else if (call.lambda != null) {
            g.writeObjectPropertyStart("authorizer");
            for (Map.Entry<String, String> entry : call.lambda.context().entrySet()) {
                // API Gateway's own keys are not the context's to set: no key twice in the object.
                if (!entry.getKey().equals("principalId") && !entry.getKey().equals("integrationLatency")) {
                    g.writeStringProperty(entry.getKey(), entry.getValue());
                }
            }
            g.writeStringProperty("principalId", call.lambda.principalId());
            g.writeNumberProperty("integrationLatency", call.lambda.latencyMillis());
            g.writeEndObject();
        }
    }

    /** {@code headers} (the last value of a name wins, as in API Gateway) and {@code multiValueHeaders}; null when none. */
    private static void writeHeaders(JsonGenerator g, List<Map.Entry<String, String>> headers) {
        if (headers.isEmpty()) {
            g.writeNullProperty("headers");
            g.writeNullProperty("multiValueHeaders");
            return;
        }
        // Names compare as HTTP compares them; the spelling of a name's first occurrence is kept.
        Map<String, List<String>> byName = new LinkedHashMap<>();
        Map<String, String> spelling = new HashMap<>();
        for (Map.Entry<String, String> h : headers) {
            String key = h.getKey().toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(key, h.getKey());
            byName.computeIfAbsent(key, k -> new ArrayList<>(1)).add(h.getValue());
        }
        g.writeObjectPropertyStart("headers");
        for (Map.Entry<String, List<String>> h : byName.entrySet()) {
            g.writeStringProperty(
                    spelling.get(h.getKey()), h.getValue().get(h.getValue().size() - 1));
        }
        g.writeEndObject();
        g.writeObjectPropertyStart("multiValueHeaders");
        for (Map.Entry<String, List<String>> h : byName.entrySet()) {
            g.writeArrayPropertyStart(spelling.get(h.getKey()));
            for (String value : h.getValue()) {
                g.writeString(value);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeQuery(JsonGenerator g, Map<String, List<String>> query) {
        if (query.isEmpty()) {
            g.writeNullProperty("queryStringParameters");
            g.writeNullProperty("multiValueQueryStringParameters");
            return;
        }
        g.writeObjectPropertyStart("queryStringParameters");
        for (Map.Entry<String, List<String>> q : query.entrySet()) {
            g.writeStringProperty(q.getKey(), q.getValue().get(q.getValue().size() - 1));
        }
        g.writeEndObject();
        g.writeObjectPropertyStart("multiValueQueryStringParameters");
        for (Map.Entry<String, List<String>> q : query.entrySet()) {
            g.writeArrayPropertyStart(q.getKey());
            for (String value : q.getValue()) {
                g.writeString(value);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static String requestTime(Instant time) {
        long second = time.getEpochSecond();
        Map.Entry<Long, String> last = lastRequestTime;
        if (last.getKey() == second) {
            return last.getValue();
        }
        String formatted = REQUEST_TIME.format(time);
        lastRequestTime = Map.entry(second, formatted);
        return formatted;
    }

    /** Every claim as a string, the way API Gateway hands them to the function (fidelity.md §2). */
    static String claimString(String name, Object value) {
        if (value instanceof Date date) {
            // Nimbus turns exp/iat/nbf into Dates; API Gateway prints them as Date#toString in UTC.
            return CLAIM_DATE.format(date.toInstant());
        }
        if (value instanceof List<?> list) {
            return list.size() == 1 ? String.valueOf(list.get(0)) : String.valueOf(list);
        }
        return String.valueOf(value);
    }
}
