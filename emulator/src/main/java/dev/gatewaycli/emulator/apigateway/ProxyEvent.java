package dev.gatewaycli.emulator.apigateway;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatewaycli.emulator.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

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
    static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);

    private ProxyEvent() {
    }

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
            JWTClaimsSet claims) {
    }

    /** The event's JSON. */
    static byte[] build(Request r, String apiId, String region, String accountId) {
        ObjectNode event = Json.object();
        event.put("resource", r.route().method().resourcePath());
        event.put("path", r.route().path());
        event.put("httpMethod", r.httpMethod());

        if (r.headers().isEmpty()) {
            event.putNull("headers");
            event.putNull("multiValueHeaders");
        } else {
            ObjectNode headers = event.putObject("headers");
            ObjectNode multi = event.putObject("multiValueHeaders");
            for (Map.Entry<String, String> h : r.headers()) {
                headers.put(h.getKey(), h.getValue()); // the last value wins, as in API Gateway
                (multi.has(h.getKey()) ? multi.withArray(h.getKey()) : multi.putArray(h.getKey())).add(h.getValue());
            }
        }

        if (r.query().isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            r.query().forEach((name, values) -> {
                single.put(name, values.get(values.size() - 1));
                values.forEach(multi.putArray(name)::add);
            });
        }

        if (r.route().pathParameters().isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode params = event.putObject("pathParameters");
            r.route().pathParameters().forEach(params::put);
        }
        event.putNull("stageVariables");

        ObjectNode context = event.putObject("requestContext");
        context.put("resourceId", r.route().method().resourceId());
        if (r.claims() != null) {
            ObjectNode claims = context.putObject("authorizer").putObject("claims");
            for (Map.Entry<String, Object> claim : r.claims().getClaims().entrySet()) {
                claims.put(claim.getKey(), claimString(claim.getKey(), claim.getValue()));
            }
        }
        context.put("resourcePath", r.route().method().resourcePath());
        context.put("httpMethod", r.httpMethod());
        context.put("extendedRequestId", r.extendedRequestId());
        context.put("requestTime", REQUEST_TIME.format(r.time()));
        context.put("path", "/" + r.route().stage() + (r.route().path().equals("/") ? "/" : r.route().path()));
        context.put("accountId", accountId);
        context.put("protocol", r.protocol());
        context.put("stage", r.route().stage());
        context.put("domainPrefix", apiId);
        context.put("requestTimeEpoch", r.time().toEpochMilli());
        context.put("requestId", r.requestId());
        ObjectNode identity = context.putObject("identity");
        for (String name : List.of("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller")) {
            identity.putNull(name);
        }
        identity.put("sourceIp", r.sourceIp());
        for (String name : List.of("principalOrgId", "accessKey", "cognitoAuthenticationType", "cognitoAuthenticationProvider",
                "userArn")) {
            identity.putNull(name);
        }
        String userAgent = null;
        for (Map.Entry<String, String> h : r.headers()) {
            if (h.getKey().equalsIgnoreCase("User-Agent")) {
                userAgent = h.getValue();
            }
        }
        identity.put("userAgent", userAgent);
        identity.putNull("user");
        context.put("domainName", apiId + ".execute-api." + region + ".amazonaws.com");
        context.put("apiId", apiId);

        if (r.body().length == 0) {
            event.putNull("body");
        } else {
            event.put("body", new String(r.body(), StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", false);
        return Json.bytes(event);
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
