package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.model.MethodModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches {@code /<stage>/<path>} and an HTTP method to a method of the model, as API Gateway selects a resource: a
 * literal path part beats a {@code {param}}, which beats a greedy {@code {proxy+}}; an exact HTTP method beats
 * {@code ANY}. No match (unknown stage, path or method) is API Gateway's {@code 403 Missing Authentication Token}.
 */
final class RouteTable {

    private final List<String> stages;
    private final List<Resource> resources = new ArrayList<>();

    /** A matched route: the method, the stage, the path without the stage, and the path parameters. */
    record Match(MethodModel method, String stage, String path, Map<String, String> pathParameters) {}

    private record Resource(String template, List<String> parts, Map<String, MethodModel> methods) {}

    RouteTable(List<String> stages, List<MethodModel> methods) {
        this.stages = List.copyOf(stages);
        Map<String, Map<String, MethodModel>> byPath = new LinkedHashMap<>();
        for (MethodModel m : methods) {
            byPath.computeIfAbsent(m.resourcePath(), p -> new LinkedHashMap<>()).put(m.httpMethod(), m);
        }
        byPath.forEach((path, map) -> resources.add(new Resource(path, split(path), Map.copyOf(map))));
    }

    /** The route for {@code rawPath} (percent-encoded, as on the wire) and {@code httpMethod}, or null. */
    Match match(String httpMethod, String rawPath) {
        List<String> segments = decodeSegments(rawPath);
        if (segments == null || segments.isEmpty() || !stages.contains(segments.get(0))) {
            return null;
        }
        String stage = segments.get(0);
        List<String> rest = segments.subList(1, segments.size());
        Resource best = null;
        Map<String, String> bestParams = null;
        int bestScore = -1;
        for (Resource resource : resources) {
            Map<String, String> params = new LinkedHashMap<>();
            int score = score(resource.parts(), rest, params);
            if (score > bestScore) {
                best = resource;
                bestScore = score;
                bestParams = params;
            }
        }
        if (best == null) {
            return null;
        }
        MethodModel method = best.methods().get(httpMethod);
        if (method == null) {
            method = best.methods().get("ANY");
        }
        if (method == null) {
            return null;
        }
        String path = "/" + String.join("/", rest);
        return new Match(method, stage, path, Collections.unmodifiableMap(bestParams));
    }

    /**
     * How well {@code parts} matches {@code segments}, -1 for no match. Literal parts weigh most, then parameters,
     * and a greedy part least, so the most specific resource wins.
     */
    private static int score(List<String> parts, List<String> segments, Map<String, String> params) {
        int score = 0;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.startsWith("{") && part.endsWith("+}")) {
                if (i != parts.size() - 1 || segments.size() <= i) {
                    return -1; // a greedy part needs at least one segment
                }
                params.put(
                        part.substring(1, part.length() - 2), String.join("/", segments.subList(i, segments.size())));
                return score + 1;
            }
            if (i >= segments.size()) {
                return -1;
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                params.put(part.substring(1, part.length() - 1), segments.get(i));
                score += 100;
            } else if (part.equals(segments.get(i))) {
                score += 10_000;
            } else {
                return -1;
            }
        }
        return parts.size() == segments.size() ? score + 2 : -1;
    }

    private static List<String> split(String template) {
        List<String> parts = new ArrayList<>();
        for (String part : template.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** Decoded path segments; a trailing slash is ignored; null for empty inner segments or bad escapes. */
    static List<String> decodeSegments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        String trimmed =
                rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        List<String> out = new ArrayList<>();
        if (trimmed.equals("/")) {
            return out;
        }
        for (String raw : trimmed.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                return null;
            }
            String decoded = percentDecode(raw);
            if (decoded == null) {
                return null;
            }
            out.add(decoded);
        }
        return out;
    }

    /** Percent-decoding of a path segment ({@code +} stays {@code +}); null when malformed. */
    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                return null; // raw non-ASCII cannot appear in a valid request target
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
