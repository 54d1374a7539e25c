package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.model.ApiKeyModel;
import dev.gatewaycli.emulator.model.RestApiModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request to a REST API, filled in as API Gateway's steps run: the request as received, then its route, then what
 * authorization and the usage plan concluded. Gateway responses, authorizer events and proxy events are rendered
 * from it. Confined to the request's own chain of steps.
 */
final class Call {

    final RestApiModel api;
    final String requestId;
    final String extendedRequestId;
    final Instant time;
    final String httpMethod;
    final String rawPath;
    final List<Map.Entry<String, String>> headers;
    final Map<String, List<String>> query;
    final String sourceIp;

    /** The matched route; null before routing or when no route matched. */
    RouteTable.Match route;
    /** The route's stage. */
    RestApiModel.Stage stage;
    /** A Cognito authorizer's claims, every value a string. */
    Map<String, String> claims;
    /** A Lambda authorizer's answer. */
    LambdaAuthorizer.Allowed lambda;
    /** The API key of a method that requires one. */
    ApiKeyModel apiKey;
    /** The access key id of a signed request to an {@code AWS_IAM} method. */
    String accessKey;

    Call(
            RestApiModel api,
            String requestId,
            String extendedRequestId,
            Instant time,
            String httpMethod,
            String rawPath,
            List<Map.Entry<String, String>> headers,
            Map<String, List<String>> query,
            String sourceIp) {
        this.api = api;
        this.requestId = requestId;
        this.extendedRequestId = extendedRequestId;
        this.time = time;
        this.httpMethod = httpMethod;
        this.rawPath = rawPath;
        this.headers = headers;
        this.query = query;
        this.sourceIp = sourceIp;
    }

    /** The last value of header {@code name} (case-insensitive, as the proxy event's {@code headers}), or null. */
    String header(String name) {
        String value = null;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                value = h.getValue();
            }
        }
        return value;
    }

    /** The last value of header {@code name} as sent, its name compared exactly ({@code $input.params()}). */
    String headerExactly(String name) {
        String value = null;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equals(name)) {
                value = h.getValue();
            }
        }
        return value;
    }

    /** The last value of query parameter {@code name}, or null. */
    String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** The stage name: the route's, or the first path segment before routing. */
    String stageName() {
        if (route != null) {
            return route.stage();
        }
        List<String> segments = RouteTable.decodeSegments(rawPath);
        return segments == null || segments.isEmpty() ? "" : segments.get(0);
    }

    /**
     * {@code $context.<name>} of a gateway response template or a {@code REQUEST} authorizer's identity source; null
     * when the request has no such value.
     */
    String context(String name) {
        switch (name) {
            case "requestId":
                return requestId;
            case "extendedRequestId":
                return extendedRequestId;
            case "apiId":
            case "domainPrefix":
                return api.apiId();
            case "accountId":
                return api.accountId();
            case "domainName":
                return ProxyEvent.domainName(api);
            case "stage":
                return stageName();
            case "httpMethod":
                return httpMethod;
            case "protocol":
                return "HTTP/1.1";
            case "requestTime":
                return ProxyEvent.REQUEST_TIME.format(time);
            case "requestTimeEpoch":
                return Long.toString(time.toEpochMilli());
            case "resourcePath":
                return route == null ? null : route.method().resourcePath();
            case "resourceId":
                return route == null ? null : route.method().resourceId();
            case "path":
                return route == null ? null : "/" + route.stage() + route.path();
            case "identity.sourceIp":
                return sourceIp;
            case "identity.userAgent":
                return header("User-Agent");
            case "identity.apiKey":
                return apiKey == null ? null : apiKey.value();
            case "identity.apiKeyId":
                return apiKey == null ? null : apiKey.id();
            case "identity.accessKey":
                return accessKey;
            default:
                if (name.startsWith("authorizer.")) {
                    String key = name.substring("authorizer.".length());
                    if (lambda != null) {
                        return key.equals("principalId")
                                ? lambda.principalId()
                                : lambda.context().get(key);
                    }
                    return claims == null ? null : claims.get(key.startsWith("claims.") ? key.substring(7) : key);
                }
                return null;
        }
    }
}
