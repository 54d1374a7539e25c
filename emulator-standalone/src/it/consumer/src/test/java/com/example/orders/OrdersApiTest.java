package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.junit.GatewayEmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a user's test does with the extension: a token from the emulated Cognito, then a call through API Gateway. */
class OrdersApiTest {

    @RegisterExtension
    static GatewayEmulatorExtension emulator = GatewayEmulatorExtension.newInstance().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aClientCredentialsTokenCallsTheApi() throws Exception {
        String basic = Base64.getEncoder()
                .encodeToString((emulator.clientId() + ":" + emulator.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = http.send(
                HttpRequest.newBuilder(URI.create(emulator.tokenUrl()))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        Matcher accessToken = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
        assertTrue(accessToken.find(), token.body());

        HttpResponse<String> call = http.send(
                HttpRequest.newBuilder(URI.create(emulator.apiUrl()))
                        .header("Authorization", accessToken.group(1))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, call.statusCode(), call.body());
        assertEquals("{\"content\":\"Hello from the Lambda function!\"}", call.body());
    }

    @Test
    void withoutATokenTheAuthorizerRefuses(GatewayEmulator injected) throws Exception {
        HttpResponse<String> call = http.send(
                HttpRequest.newBuilder(URI.create(injected.apiUrl())).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(401, call.statusCode(), call.body());
    }
}
