package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.http.Json;
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
 * {@code multiValueHeaders}, query and path parameters (null when there are none), {@code requestContext} with the
 * stage, request ids, times, identity and {@code authorizer.claims} (every value a string; {@code exp} and
 * {@code iat} rendered like {@code Wed Jul 22 04:44:04 UTC 2026}), and the body as a string.
 */
final class ProxyEvent {

    /** How API Gateway renders {@code exp}/{@code iat} in the claims: {@code java.util.Date#toString} in UTC. */
    static final DateTimeFormatter CLAIM_DATE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);
    /** {@code requestContext.requestTime}: CLF format. */
    static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private ProxyEvent() {}

    /** Everything about one request the event is made of. */
    record Request(
            RouteTable.Match route,
            String httpMethod,
            List<Map.Entry<String, String>> headers,
            Map<String, List<String>> query,
            byte[] body,
            String sourceIp,
            String protocol,
            String requestId,
            String extendedRequestId,
            Instant time,
            Map<String, String> claims) {}

    /** The identity fields API Gateway sends as null for a Cognito-authorised (or open) REST method, before sourceIp. */
    private static final List<String> IDENTITY_NULLS_BEFORE =
            List.of("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller");

    private static final List<String> IDENTITY_NULLS_AFTER = List.of(
            "principalOrgId", "accessKey", "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn");

    /** {@code requestTime} of the last second seen: formatting it once a second instead of once a request. */
    private static volatile Map.Entry<Long, String> lastRequestTime = Map.entry(Long.MIN_VALUE, "");

    /**
     * The event's JSON, written field by field with a streaming generator (no tree: building one, then serializing
     * it, cost more than everything else the event needs).
     */
    static byte[] build(Request r, String apiId, String region, String accountId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                1536 + r.body().length + 64 * r.headers().size());
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("resource", r.route().method().resourcePath());
            g.writeStringProperty("path", r.route().path());
            g.writeStringProperty("httpMethod", r.httpMethod());
            writeHeaders(g, r.headers());
            writeQuery(g, r.query());
            if (r.route().pathParameters().isEmpty()) {
                g.writeNullProperty("pathParameters");
            } else {
                g.writeObjectPropertyStart("pathParameters");
                for (Map.Entry<String, String> p : r.route().pathParameters().entrySet()) {
                    g.writeStringProperty(p.getKey(), p.getValue());
                }
                g.writeEndObject();
            }
            g.writeNullProperty("stageVariables");

            g.writeObjectPropertyStart("requestContext");
            g.writeStringProperty("resourceId", r.route().method().resourceId());
            if (r.claims() != null) {
                g.writeObjectPropertyStart("authorizer");
                g.writeObjectPropertyStart("claims");
                for (Map.Entry<String, String> claim : r.claims().entrySet()) {
                    g.writeStringProperty(claim.getKey(), claim.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeStringProperty("resourcePath", r.route().method().resourcePath());
            g.writeStringProperty("httpMethod", r.httpMethod());
            g.writeStringProperty("extendedRequestId", r.extendedRequestId());
            g.writeStringProperty("requestTime", requestTime(r.time()));
            g.writeStringProperty(
                    "path",
                    "/" + r.route().stage()
                            + (r.route().path().equals("/") ? "/" : r.route().path()));
            g.writeStringProperty("accountId", accountId);
            g.writeStringProperty("protocol", r.protocol());
            g.writeStringProperty("stage", r.route().stage());
            g.writeStringProperty("domainPrefix", apiId);
            g.writeNumberProperty("requestTimeEpoch", r.time().toEpochMilli());
            g.writeStringProperty("requestId", r.requestId());
            g.writeObjectPropertyStart("identity");
            for (String name : IDENTITY_NULLS_BEFORE) {
                g.writeNullProperty(name);
            }
            g.writeStringProperty("sourceIp", r.sourceIp());
            for (String name : IDENTITY_NULLS_AFTER) {
                g.writeNullProperty(name);
            }
            String userAgent = null;
            for (Map.Entry<String, String> h : r.headers()) {
                if (h.getKey().equalsIgnoreCase("User-Agent")) {
                    userAgent = h.getValue();
                }
            }
            g.writeStringProperty("userAgent", userAgent);
            g.writeNullProperty("user");
            g.writeEndObject();
            g.writeStringProperty("domainName", apiId + ".execute-api." + region + ".amazonaws.com");
            g.writeStringProperty("apiId", apiId);
            g.writeEndObject();

            if (r.body().length == 0) {
                g.writeNullProperty("body");
            } else {
                g.writeStringProperty("body", new String(r.body(), StandardCharsets.UTF_8));
            }
            g.writeBooleanProperty("isBase64Encoded", false);
            g.writeEndObject();
        }
        return out.toByteArray();
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

    /** Every claim as a string, the way API Gateway hands them to the function (FIDELITY.md §2). */
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
