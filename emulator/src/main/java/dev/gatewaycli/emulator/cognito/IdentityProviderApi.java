package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.http.Bodies;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.http.RequestIds;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cognito's Identity Provider API, the one AWS's SDKs, the AWS CLI and Amplify call: {@code POST /} with
 * {@code X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>} and a JSON 1.1 body, answered in the service
 * model's shapes, refusals as {@code {"__type","message"}} with the type in {@code x-amzn-ErrorType}
 * (docs/fidelity.md §8). One endpoint serves every pool of every Region. The public operations
 * ({@code InitiateAuth}, {@code SignUp}, ...) are answered unsigned; the others need a Signature Version 4
 * {@code Authorization} header for {@code cognito-idp}, whose shape and Region are checked but whose signature is not
 * verified (the emulator has no secret keys): any credentials do. Users, clients made at run time and refresh tokens
 * live in memory, per emulator.
 */
public final class IdentityProviderApi implements HandlerFunction<ServerResponse> {

    /** Where the API is served: the root of the emulator, which no API route uses (routes start with a stage). */
    public static final String PATH = "/";

    public static final String TARGET_HEADER = "X-Amz-Target";

    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";

    /** The JSON 1.1 protocol's content type, of requests and answers. */
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    /** The signing name of the service, the fourth part of a credential scope. */
    static final String SERVICE = "cognito-idp";

    /** No request of this API comes near; anything larger is not one. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    /** Operations the model marks as public ({@code smithy.api#noAuth}): no AWS credentials needed. */
    private static final Set<String> PUBLIC =
            Set.of("InitiateAuth", "RespondToAuthChallenge", "SignUp", "RevokeToken", "GetUser");

    private static final Logger LOG = LoggerFactory.getLogger(IdentityProviderApi.class);

    private final Map<String, Function<IdpRequest, ObjectNode>> operations;

    /** @param pools every pool of the emulator, in model order */
    public IdentityProviderApi(List<EmulatedUserPool> pools) {
        IdpPools all = new IdpPools(pools);
        SignIns signIns = new SignIns(all);
        Administration admin = new Administration(all);
        this.operations = Map.ofEntries(
                Map.entry("InitiateAuth", signIns::initiateAuth),
                Map.entry("AdminInitiateAuth", signIns::adminInitiateAuth),
                Map.entry("RespondToAuthChallenge", signIns::respondToAuthChallenge),
                Map.entry("RevokeToken", signIns::revokeToken),
                Map.entry("GetUser", signIns::getUser),
                Map.entry("AdminUserGlobalSignOut", signIns::adminUserGlobalSignOut),
                Map.entry("AdminCreateUser", admin::adminCreateUser),
                Map.entry("AdminSetUserPassword", admin::adminSetUserPassword),
                Map.entry("AdminGetUser", admin::adminGetUser),
                Map.entry("AdminDeleteUser", admin::adminDeleteUser),
                Map.entry("AdminDisableUser", admin::adminDisableUser),
                Map.entry("AdminEnableUser", admin::adminEnableUser),
                Map.entry("SignUp", admin::signUp),
                Map.entry("AdminConfirmSignUp", admin::adminConfirmSignUp),
                Map.entry("CreateUserPoolClient", admin::createUserPoolClient),
                Map.entry("DescribeUserPool", admin::describeUserPool),
                Map.entry("DescribeUserPoolClient", admin::describeUserPoolClient),
                Map.entry("ListUserPools", admin::listUserPools),
                Map.entry("ListUserPoolClients", admin::listUserPoolClients));
    }

    /** The operations the emulator answers, for its documentation and tests. */
    public Set<String> operations() {
        return operations.keySet();
    }

    /** Whether {@code request} is one of this API's: {@code POST /} with an {@code X-Amz-Target}. */
    public static boolean isCall(String method, String path, String target) {
        return "POST".equals(method) && PATH.equals(path) && target != null;
    }

    @Override
    public Mono<ServerResponse> handle(ServerRequest request) {
        String target = request.headers().firstHeader(TARGET_HEADER);
        String operation =
                target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
        if (operation == null || !operations.containsKey(operation)) {
            return error(new IdpError(IdpError.UNKNOWN_OPERATION, null));
        }
        String contentType = request.headers().firstHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE)) {
            return error(new IdpError(IdpError.SERIALIZATION, "Content-Type must be " + CONTENT_TYPE));
        }
        String region;
        try {
            region = signingRegion(request.headers().firstHeader(HttpHeaders.AUTHORIZATION), operation);
        } catch (IdpError e) {
            return error(e);
        }
        return Bodies.read(request, MAX_BODY_BYTES)
                .flatMap(body -> answer(operation, body, region))
                .onErrorResume(
                        Bodies.TooLargeException.class,
                        e -> error(new IdpError(
                                IdpError.SERIALIZATION, "The request is larger than " + MAX_BODY_BYTES + " bytes")));
    }

    private Mono<ServerResponse> answer(String operation, byte[] body, String region) {
        JsonNode json;
        try {
            json = body.length == 0 ? Json.object() : Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return error(new IdpError(IdpError.SERIALIZATION, "The request body is not JSON"));
        }
        if (json == null || !json.isObject()) {
            return error(new IdpError(IdpError.SERIALIZATION, "The request body is not a JSON object"));
        }
        try {
            ObjectNode result = operations.get(operation).apply(new IdpRequest(operation, json, region));
            return ServerResponse.ok()
                    .header(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                    .header(REQUEST_ID_HEADER, RequestIds.uuid())
                    .bodyValue(Json.bytes(result));
        } catch (IdpError e) {
            return error(e);
        } catch (RuntimeException e) {
            // A bug of the emulator, never of the caller: logged with its trace, Cognito's 500 over HTTP.
            LOG.error("Unexpected failure of {}", operation, e);
            return error(new IdpError("InternalErrorException", "Internal server error", 500));
        }
    }

    /**
     * The Region of the request's signature, or null for an unsigned public operation. Any other operation needs a
     * SigV4 {@code Authorization} header of the shape {@code AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/
     * cognito-idp/aws4_request, SignedHeaders=..., Signature=...}: none is {@code MissingAuthenticationTokenException},
     * another shape {@code IncompleteSignatureException}, another service {@code InvalidSignatureException}.
     */
    static String signingRegion(String authorization, String operation) {
        if (authorization == null) {
            if (PUBLIC.contains(operation)) {
                return null;
            }
            throw new IdpError(IdpError.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        String header = authorization.strip();
        if (!header.startsWith("AWS4-HMAC-SHA256 ")) {
            throw new IdpError(IdpError.INCOMPLETE_SIGNATURE, "Unsupported Authorization Type");
        }
        String credential = null;
        boolean signature = false;
        boolean signedHeaders = false;
        for (String part : header.substring("AWS4-HMAC-SHA256 ".length()).split(",")) {
            String p = part.strip();
            if (p.startsWith("Credential=")) {
                credential = p.substring("Credential=".length());
            } else if (p.startsWith("Signature=") && p.length() > "Signature=".length()) {
                signature = true;
            } else if (p.startsWith("SignedHeaders=") && p.length() > "SignedHeaders=".length()) {
                signedHeaders = true;
            }
        }
        String[] scope = credential == null ? new String[0] : credential.split("/", -1);
        if (!signature
                || !signedHeaders
                || scope.length != 5
                || scope[0].isEmpty()
                || !scope[4].equals("aws4_request")) {
            throw new IdpError(
                    IdpError.INCOMPLETE_SIGNATURE,
                    "Authorization header requires 'Credential' (<access key>/<date>/<region>/<service>/aws4_request), "
                            + "'Signature' and 'SignedHeaders' parameters.");
        }
        if (!scope[3].equals(SERVICE)) {
            throw new IdpError(
                    IdpError.INVALID_SIGNATURE, "Credential should be scoped to correct service: '" + SERVICE + "'.");
        }
        return scope[2];
    }

    private static Mono<ServerResponse> error(IdpError e) {
        ObjectNode body = Json.object().put("__type", e.type());
        if (e.getMessage() != null) {
            body.put("message", e.getMessage());
        }
        return ServerResponse.status(e.status())
                .header(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .header(REQUEST_ID_HEADER, RequestIds.uuid())
                .header(ERROR_TYPE_HEADER, e.type() + ":")
                .bodyValue(Json.bytes(body));
    }
}
