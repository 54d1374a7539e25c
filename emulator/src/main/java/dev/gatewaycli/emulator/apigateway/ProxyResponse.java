package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The function's answer read as a Lambda proxy response ({@code statusCode}, {@code headers},
 * {@code multiValueHeaders}, {@code body}, {@code isBase64Encoded}), or null when API Gateway would call it
 * malformed and answer {@code 502 Internal server error}.
 */
record ProxyResponse(int status, Map<String, List<String>> headers, byte[] body) {

    private static final Set<String> FIELDS = Set.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded");

    /** The proxy response in {@code payload}, or null when it is malformed. Never throws. */
    static ProxyResponse parse(byte[] payload) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(payload);
        } catch (RuntimeException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                return null; // API Gateway rejects fields it does not know
            }
        }
        JsonNode code = root.get("statusCode");
        int status;
        if (code != null && code.isIntegralNumber() && code.canConvertToInt()) {
            status = code.asInt();
        } else if (code != null && code.isString() && code.asString().matches("\\d{3}")) {
            status = Integer.parseInt(code.asString());
        } else {
            return null;
        }
        if (status < 100 || status > 599) {
            return null;
        }

        Map<String, List<String>> headers = new LinkedHashMap<>();
        JsonNode multi = root.get("multiValueHeaders");
        if (multi != null && !multi.isNull()) {
            if (!multi.isObject()) {
                return null;
            }
            for (String name : multi.propertyNames()) {
                JsonNode values = multi.get(name);
                if (!values.isArray()) {
                    return null;
                }
                List<String> list = new ArrayList<>();
                for (JsonNode v : values) {
                    if (!v.isValueNode() || v.isNull()) {
                        return null;
                    }
                    list.add(v.asString());
                }
                headers.put(name, list);
            }
        }
        JsonNode single = root.get("headers");
        if (single != null && !single.isNull()) {
            if (!single.isObject()) {
                return null;
            }
            for (String name : single.propertyNames()) {
                JsonNode v = single.get(name);
                if (!v.isValueNode() || v.isNull()) {
                    return null;
                }
                // Where both name a header, API Gateway keeps the multiValueHeaders values.
                headers.putIfAbsent(name, List.of(v.asString()));
            }
        }

        JsonNode bodyNode = root.get("body");
        JsonNode base64 = root.get("isBase64Encoded");
        if (base64 != null && !base64.isNull() && !base64.isBoolean()) {
            return null;
        }
        byte[] body;
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (bodyNode.isString()) {
            if (base64 != null && base64.asBoolean()) {
                try {
                    body = Base64.getDecoder().decode(bodyNode.asString());
                } catch (IllegalArgumentException e) {
                    return null;
                }
            } else {
                body = bodyNode.asString().getBytes(StandardCharsets.UTF_8);
            }
        } else {
            return null;
        }
        return new ProxyResponse(status, headers, body);
    }
}
