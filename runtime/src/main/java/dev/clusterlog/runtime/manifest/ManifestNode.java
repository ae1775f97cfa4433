package dev.clusterlog.runtime.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A value of a loaded YAML/JSON document together with its field path ({@code spec.containers[1].name})
 * and the document it came from, so that every validation error can say where it is. Immutable.
 */
final class ManifestNode {
    private final String where;
    private final String path;
    private final Object value;

    ManifestNode(String where, String path, Object value) {
        this.where = where;
        this.path = path;
        this.value = value;
    }

    String path() {
        return path;
    }

    boolean isMissing() {
        return value == null;
    }

    /** An error at this node: {@code <file>: document <n>: <path>: <message>}. */
    ManifestException error(String message) {
        return new ManifestException(where + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    ManifestNode field(String name) throws ManifestException {
        Map<String, Object> map = map();
        return new ManifestNode(where, path.isEmpty() ? name : path + "." + name, map == null ? null : map.get(name));
    }

    /** The mapping at this node, or null when absent; an error when it is something else. */
    @SuppressWarnings("unchecked")
    Map<String, Object> map() throws ManifestException {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw error("expected a mapping, got " + describe(value));
        }
        return (Map<String, Object>) m;
    }

    /** The elements of the list at this node (empty when absent). */
    List<ManifestNode> list() throws ManifestException {
        List<ManifestNode> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List<?> l)) {
            throw error("expected a list, got " + describe(value));
        }
        for (int i = 0; i < l.size(); i++) {
            out.add(new ManifestNode(where, path + "[" + i + "]", l.get(i)));
        }
        return out;
    }

    /** The string at this node, or null when absent. */
    String string() throws ManifestException {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw error("expected a string, got " + describe(value));
        }
        return s;
    }

    String requiredString() throws ManifestException {
        String s = string();
        if (s == null || s.isEmpty()) {
            throw error("is required: expected a non-empty string");
        }
        return s;
    }

    boolean bool(boolean absent) throws ManifestException {
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Boolean b)) {
            throw error("expected true or false, got " + describe(value));
        }
        return b;
    }

    long nonNegativeLong(long absent) throws ManifestException {
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number n) || value instanceof Double || value instanceof Float || n.longValue() < 0) {
            throw error("expected a non-negative integer, got " + describe(value));
        }
        return n.longValue();
    }

    List<String> strings() throws ManifestException {
        List<String> out = new ArrayList<>();
        for (ManifestNode n : list()) {
            String s = n.string();
            if (s == null) {
                throw n.error("expected a string, got null");
            }
            out.add(s);
        }
        return out;
    }

    /** A mapping of strings to strings ({@code labels}, {@code annotations}, ConfigMap {@code data}). */
    Map<String, String> stringMap() throws ManifestException {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Object> m = map();
        if (m == null) {
            return out;
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) m).entrySet()) {
            String key = String.valueOf(e.getKey());
            String v = new ManifestNode(where, path + "." + key, e.getValue()).string();
            out.put(key, v == null ? "" : v);
        }
        return out;
    }

    static String describe(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        return v.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + v;
    }
}
