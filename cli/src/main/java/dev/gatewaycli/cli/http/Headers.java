package dev.gatewaycli.cli.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Header lines as they came, in order: an answer's, whichever HTTP client read it. Names are matched ignoring case,
 * as HTTP's are; {@link #forEach(BiConsumer)} groups the values of one name under its first spelling.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {

    private static final Headers NONE = new Headers(List.of());

    private final List<Map.Entry<String, String>> lines;

    private Headers(List<Map.Entry<String, String>> lines) {
        this.lines = lines;
    }

    /** The lines given, in their order; names and values must not be null. */
    public static Headers of(List<Map.Entry<String, String>> lines) {
        return lines.isEmpty() ? NONE : new Headers(List.copyOf(lines));
    }

    /** The first value of {@code name}, or null. */
    public String getFirst(String name) {
        for (Map.Entry<String, String> line : lines) {
            if (line.getKey().equalsIgnoreCase(name)) {
                return line.getValue();
            }
        }
        return null;
    }

    /** Each name once (its first spelling), with all its values in order; names in the order they first came. */
    public void forEach(BiConsumer<String, List<String>> action) {
        Map<String, String> spelling = new LinkedHashMap<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> line : lines) {
            String key = line.getKey().toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(key, line.getKey());
            values.computeIfAbsent(key, (k) -> new ArrayList<>()).add(line.getValue());
        }
        values.forEach((key, list) -> action.accept(spelling.get(key), List.copyOf(list)));
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return lines.iterator();
    }

    @Override
    public String toString() {
        return lines.toString();
    }
}
