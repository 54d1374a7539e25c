package dev.gatewaycli.emulator.apigateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS_IAM} method's check, as far as it goes without credentials: API Gateway refuses a request without a
 * Signature Version 4 signature ({@code 403 Missing Authentication Token}) or with an {@code Authorization} header
 * that is not one ({@code IncompleteSignatureException}), and one scoped to another Region or service. The signature
 * itself is not verified: the emulator has no secret keys to verify it with (docs/emulator.md).
 */
final class IamAuthorization {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private IamAuthorization() {}

    /** The request was signed by the access key {@code accessKey}, or is refused with {@code response}. */
    record Outcome(String accessKey, GatewayResponses response, String message) {}

    static Outcome check(Call call) {
        String authorization = call.header("Authorization");
        if (authorization == null) {
            return presigned(call);
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (space > 0) {
            for (String part : header.substring(space + 1).split(",")) {
                String p = part.strip();
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    return incomplete(p + " not a valid key=value pair (missing equal-sign) in Authorization header: '"
                            + authorization + "'");
                }
                parameters.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!parameters.containsKey(name)) {
                missing.add("Authorization header requires '" + name + "' parameter.");
            }
        }
        if (call.header("X-Amz-Date") == null && call.header("Date") == null) {
            missing.add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        if (!missing.isEmpty()) {
            return incomplete(String.join(" ", missing) + " Authorization=" + authorization);
        }
        if (!scheme.equals(ALGORITHM)) {
            return incomplete("Unsupported Authorization Type");
        }
        return scope(parameters.get("Credential"), call);
    }

    /** A pre-signed URL ({@code X-Amz-Algorithm} and its companions in the query), or no signature at all. */
    private static Outcome presigned(Call call) {
        if (call.queryParameter("X-Amz-Algorithm") == null && call.queryParameter("X-Amz-Signature") == null) {
            return new Outcome(null, GatewayResponses.MISSING_AUTHENTICATION_TOKEN, null);
        }
        for (String name : List.of(
                "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders")) {
            if (call.queryParameter(name) == null) {
                return incomplete("AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', "
                        + "'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'. Re-examine the query-string "
                        + "parameters.");
            }
        }
        if (!ALGORITHM.equals(call.queryParameter("X-Amz-Algorithm"))) {
            return incomplete("Unsupported Authorization Type");
        }
        return scope(call.queryParameter("X-Amz-Credential"), call);
    }

    /** {@code <access key>/<date>/<region>/execute-api/aws4_request}, in the API's Region. */
    private static Outcome scope(String credential, Call call) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || parts[0].isEmpty() || !parts[4].equals("aws4_request")) {
            return incomplete("Credential should be of the form <access key>/<date>/<region>/<service>/aws4_request");
        }
        if (!parts[2].equals(call.api.region())) {
            return new Outcome(
                    null,
                    GatewayResponses.INVALID_SIGNATURE,
                    "Credential should be scoped to a valid region, not '" + parts[2] + "'. ");
        }
        if (!parts[3].equals("execute-api")) {
            return new Outcome(
                    null,
                    GatewayResponses.INVALID_SIGNATURE,
                    "Credential should be scoped to correct service: 'execute-api'. ");
        }
        return new Outcome(parts[0], null, null);
    }

    private static Outcome incomplete(String message) {
        return new Outcome(null, GatewayResponses.INCOMPLETE_SIGNATURE, message);
    }
}
