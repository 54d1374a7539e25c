package dev.gatewaycli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;

/** Real HTTP on loopback for the tests: java.net.http, no mocks. */
public final class Http {

    public static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static HttpResponse<String> get(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    public static HttpResponse<String> postForm(String url, String form, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    public static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** A token through the real token endpoint, client_secret_basic; fails the test if none is issued. */
    public static String token(GatewayEmulator emu, String... scope) {
        String form = "grant_type=client_credentials" + (scope.length == 0 ? "" : "&scope=" + String.join("+", scope));
        HttpResponse<String> response =
                postForm(emu.tokenUrl(), form, "Authorization", basic(emu.clientId(), emu.clientSecret()));
        assertThat(response.statusCode())
                .as("token endpoint status, body %s", response.body())
                .isEqualTo(200);
        return json(response.body()).get("access_token").asString();
    }

    /** A default gateway response: its status, {@code {"message": ...}} alone, its error type and a request id. */
    public static void assertGateway(HttpResponse<String> r, int status, String message, String errorType) {
        assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(status);
        assertThat(r.body()).as("gateway response body, nothing leaked").isEqualTo("{\"message\":\"" + message + "\"}");
        assertThat(r.headers().firstValue("x-amzn-errortype"))
                .as("x-amzn-errortype")
                .hasValue(errorType);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).as("request id").isPresent();
    }

    /** A SigV4-shaped {@code Authorization} for {@code cognito-idp} in us-east-1: the emulator checks its shape only. */
    public static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/cognito-idp/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=0123456789abcdef";

    /** An operation of Cognito's Identity Provider API as JSON 1.1, with the {@code headers} given (none: unsigned). */
    public static HttpResponse<String> idp(String idpUrl, String operation, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(idpUrl))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** An administrator's operation, signed with {@link #SIGNED}. */
    public static HttpResponse<String> idpSigned(String idpUrl, String operation, String body) {
        return idp(idpUrl, operation, body, "Authorization", SIGNED);
    }

    /** {@code InitiateAuth} with {@code USER_PASSWORD_AUTH}, unsigned as the SDKs send it. */
    public static HttpResponse<String> initiateAuth(String idpUrl, String clientId, String username, String password) {
        return idp(
                idpUrl,
                "InitiateAuth",
                "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"" + clientId + "\",\"AuthParameters\":{"
                        + "\"USERNAME\":\"" + username + "\",\"PASSWORD\":\"" + password + "\"}}");
    }

    public static JsonNode json(String body) {
        return Json.MAPPER.readTree(body);
    }
}
