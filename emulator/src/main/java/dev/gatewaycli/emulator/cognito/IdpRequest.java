package dev.gatewaycli.emulator.cognito;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One request of the Identity Provider API: its JSON members read as the service model types them, with Cognito's
 * refusals of a missing or ill-typed member ({@code InvalidParameterException} "1 validation error detected: ...",
 * {@code SerializationException} for a value of the wrong JSON type), and the Region its signature names.
 *
 * @param signingRegion the Region of the request's SigV4 credential scope, or null for an unsigned request
 */
record IdpRequest(String operation, JsonNode body, String signingRegion) {

    /** {@code UserPoolIdType}. */
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");

    /** {@code ClientIdType}. */
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]+");

    /** A string member, or null when absent. */
    String string(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw serialization(member);
        }
        return value.asString();
    }

    /** A string member that must be there. */
    String required(String member) {
        String value = string(member);
        if (value == null) {
            throw IdpError.invalidParameter("1 validation error detected: Value null at '" + camel(member)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /** {@code UserPoolId}, required, in its shape. */
    String userPoolId() {
        return shaped("UserPoolId", POOL_ID, 1, 55);
    }

    /** {@code ClientId}, required, in its shape. */
    String clientId() {
        return shaped("ClientId", CLIENT_ID, 1, 128);
    }

    private String shaped(String member, Pattern pattern, int min, int max) {
        String value = required(member);
        if (value.length() < min
                || value.length() > max
                || !pattern.matcher(value).matches()) {
            throw IdpError.invalidParameter("1 validation error detected: Value '" + value + "' at '" + camel(member)
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + pattern.pattern());
        }
        return value;
    }

    Boolean bool(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw serialization(member);
        }
        return value.asBoolean();
    }

    Integer integer(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw serialization(member);
        }
        return value.asInt();
    }

    /** A list of strings, or null when absent. */
    List<String> strings(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw serialization(member);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw serialization(member);
            }
            out.add(item.asString());
        }
        return out;
    }

    /** A map of strings ({@code AuthParameters}, {@code ChallengeResponses}), empty when absent. */
    Map<String, String> map(String member) {
        return map(body, member);
    }

    /** An object member, or null when absent. */
    JsonNode object(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw serialization(member);
        }
        return value;
    }

    static Map<String, String> map(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isObject()) {
            throw serialization(member);
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isString()) {
                throw serialization(member);
            }
            out.put(entry.getKey(), entry.getValue().asString());
        }
        return out;
    }

    /** {@code UserAttributes}: a list of {@code {"Name","Value"}}, in order; empty when absent. */
    Map<String, String> attributes(String member) {
        JsonNode value = body.get(member);
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw serialization(member);
        }
        for (JsonNode item : value) {
            JsonNode name = item.get("Name");
            JsonNode text = item.get("Value");
            if (!item.isObject() || name == null || !name.isString() || (text != null && !text.isString())) {
                throw serialization(member);
            }
            out.put(name.asString(), text == null ? "" : text.asString());
        }
        return out;
    }

    private static IdpError serialization(String member) {
        return new IdpError(IdpError.SERIALIZATION, "Unexpected value for member " + member);
    }

    /** {@code UserPoolId} as the validation messages name it, {@code userPoolId}. */
    static String camel(String member) {
        return member.substring(0, 1).toLowerCase(Locale.ROOT) + member.substring(1);
    }
}
