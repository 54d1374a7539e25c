package dev.gatewaycli.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * Cognito's Identity Provider API as it is on the wire (docs/fidelity.md, "Cognito's Identity Provider API"), for
 * WireMock: every operation is {@code POST /} with {@code X-Amz-Target: AWSCognitoIdentityProviderService.<Op>} and
 * {@code Content-Type: application/x-amz-json-1.1}; errors carry {@code __type} and {@code message} in the body and
 * the type in {@code x-amzn-ErrorType}.
 */
public final class CognitoWire {

    public static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private CognitoWire() {}

    /** A stub for one operation. */
    public static MappingBuilder operation(String name) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + name));
    }

    /** The requests of one operation. */
    public static RequestPatternBuilder requested(String name) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + name));
    }

    public static ResponseDefinitionBuilder ok(String json) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "5c3e6b3a-0000-4000-8000-000000000000")
                .withBody(json);
    }

    /** An error as Cognito answers one, e.g. 400 {@code NotAuthorizedException}. */
    public static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-ErrorType", type + ":")
                .withHeader("x-amzn-RequestId", "5c3e6b3a-0000-4000-8000-000000000001")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    /** {@code InitiateAuth}'s success: the tokens, and an empty ChallengeParameters as Cognito sends it. */
    public static String authenticationResult(String accessToken, String idToken, String refreshToken, int expiresIn) {
        return "{\"AuthenticationResult\":{\"AccessToken\":\"" + accessToken + "\",\"ExpiresIn\":" + expiresIn
                + ",\"IdToken\":\"" + idToken + "\""
                + ((refreshToken == null) ? "" : ",\"RefreshToken\":\"" + refreshToken + "\"")
                + ",\"TokenType\":\"Bearer\"},\"ChallengeParameters\":{}}";
    }
}
