package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The function's answer read as a Lambda proxy response ({@code statusCode}, {@code headers},
 * {@code multiValueHeaders}, {@code body}, {@code isBase64Encoded}), or null when API Gateway would call it
 * malformed and answer {@code 502 Internal server error}.
 */
record ProxyResponse(int status, Map<String, List<String>> headers, byte[] body) {

    /** The proxy response in {@code payload}, or null when it is malformed. Never throws. */
    static ProxyResponse parse(byte[] payload) {
        // A streaming parse: a tree of the response, read only to be walked once, cost as much as the rest of it.
        try (JsonParser p = Json.MAPPER.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Integer status = null;
            Map<String, List<String>> multi = null;
            Map<String, String> single = null;
            String body = null;
            boolean base64 = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "statusCode" -> status = status(p, value);
                    case "multiValueHeaders" -> {
                        if (value != JsonToken.VALUE_NULL && (multi = multiValueHeaders(p, value)) == null) {
                            return null;
                        }
                    }
                    case "headers" -> {
                        if (value != JsonToken.VALUE_NULL && (single = headers(p, value)) == null) {
                            return null;
                        }
                    }
                    case "body" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            body = p.getString();
                        } else if (value == JsonToken.VALUE_NULL) {
                            body = null;
                        } else {
                            return null;
                        }
                    }
                    case "isBase64Encoded" -> {
                        if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                            base64 = value == JsonToken.VALUE_TRUE;
                        } else if (value == JsonToken.VALUE_NULL) {
                            base64 = false;
                        } else {
                            return null;
                        }
                    }
                    default -> {
                        return null; // API Gateway rejects fields it does not know
                    }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null; // trailing content
            }
            if (status == null || status < 100 || status > 599) {
                return null;
            }
            Map<String, List<String>> headers = multi != null ? multi : new LinkedHashMap<>();
            if (single != null) {
                // Where both name a header, API Gateway keeps the multiValueHeaders values.
                single.forEach((n, v) -> headers.putIfAbsent(n, List.of(v)));
            }
            byte[] bytes;
            if (body == null) {
                bytes = new byte[0];
            } else if (base64) {
                try {
                    bytes = Base64.getDecoder().decode(body);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            } else {
                bytes = body.getBytes(StandardCharsets.UTF_8);
            }
            return new ProxyResponse(status, headers, bytes);
        } catch (RuntimeException e) {
            return null; // not JSON, or numbers Jackson refuses
        }
    }

    /** An integer that fits an int, or a string of three digits; null otherwise. */
    private static Integer status(JsonParser p, JsonToken value) {
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        if (value == JsonToken.VALUE_STRING) {
            String s = p.getString();
            if (s.length() == 3
                    && Character.isDigit(s.charAt(0))
                    && Character.isDigit(s.charAt(1))
                    && Character.isDigit(s.charAt(2))) {
                return Integer.parseInt(s);
            }
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
        return null;
    }

    /** {@code {"name": ["v", ...]}} with scalar values; null when it has another shape. */
    private static Map<String, List<String>> multiValueHeaders(JsonParser p, JsonToken value) {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<String> values = new ArrayList<>(2);
            JsonToken v;
            while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                if (!v.isScalarValue() || v == JsonToken.VALUE_NULL) {
                    return null;
                }
                values.add(p.getString());
            }
            out.put(name, values);
        }
        return out;
    }

    /** {@code {"name": "v"}} with scalar values; null when it has another shape. */
    private static Map<String, String> headers(JsonParser p, JsonToken value) {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (!v.isScalarValue() || v == JsonToken.VALUE_NULL) {
                return null;
            }
            out.put(name, p.getString());
        }
        return out;
    }
}
