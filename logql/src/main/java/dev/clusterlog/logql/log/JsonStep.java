package dev.clusterlog.logql.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.clusterlog.logql.syntax.JsonPaths;
import dev.clusterlog.logql.syntax.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code | json}: every scalar of the object becomes a label, nested keys joined by {@code _},
 * arrays skipped; with expressions, only the given paths (objects and arrays as their JSON text).
 * Lines that are not a JSON object get {@code __error__=JSONParserErr}.
 */
final class JsonStep implements Step {
    static final JsonFactory FACTORY = new JsonFactory();
    private final List<String> labels = new ArrayList<>();
    private final List<List<Object>> paths = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    JsonStep(Stage.Json json) {
        for (Stage.Extraction x : json.extractions()) {
            labels.add(x.label());
            paths.add(JsonPaths.parse(x.expression() == null ? x.label() : x.expression()));
        }
    }

    @Override
    public boolean apply(LogEntry e) {
        if (e.hasError()) {
            return true;
        }
        seen.clear();
        try {
            if (paths.isEmpty()) {
                flatten(e);
            } else {
                for (int i = 0; i < paths.size(); i++) {
                    String v = extract(e, paths.get(i));
                    if (v != null) {
                        e.addParsed(labels.get(i), v, seen);
                    }
                }
            }
        } catch (IOException ex) {
            e.setError("JSONParserErr", firstLine(ex.getMessage()));
        }
        return true;
    }

    static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private void flatten(LogEntry e) throws IOException {
        try (JsonParser p = FACTORY.createParser(e.buf, e.off, e.len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("Value looks like object, but can't find closing '}' symbol");
            }
            List<String> prefix = new ArrayList<>();
            walk(p, prefix, e);
            if (p.nextToken() != null) {
                throw new IOException("unexpected content after the JSON object");
            }
        }
    }

    private void walk(JsonParser p, List<String> prefix, LogEntry e) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t == null) {
                throw new IOException("unexpected end of JSON object");
            }
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (v) {
                case START_OBJECT -> {
                    prefix.add(key);
                    walk(p, prefix, e);
                    prefix.remove(prefix.size() - 1);
                }
                case START_ARRAY -> p.skipChildren();
                case VALUE_NULL -> {
                }
                default -> e.addParsed(join(prefix, key), p.getText(), seen);
            }
        }
    }

    private static String join(List<String> prefix, String key) {
        if (prefix.isEmpty()) {
            return key;
        }
        return String.join("_", prefix) + "_" + key;
    }

    /** The value at a path, or null when absent. */
    private static String extract(LogEntry e, List<Object> path) throws IOException {
        try (JsonParser p = FACTORY.createParser(e.buf, e.off, e.len)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
                throw new IOException("Value looks like object, but can't find closing '}' symbol");
            }
            for (Object step : path) {
                if (!descend(p, step)) {
                    return null;
                }
            }
            JsonToken cur = p.currentToken();
            if (cur == JsonToken.START_OBJECT || cur == JsonToken.START_ARRAY) {
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int end = (int) p.currentLocation().getByteOffset();
                return new String(e.buf, e.off + start, end - start, StandardCharsets.UTF_8);
            }
            return cur == JsonToken.VALUE_NULL ? null : p.getText();
        }
    }

    /** Moves the parser from a container start to the value of {@code step}; false when absent. */
    private static boolean descend(JsonParser p, Object step) throws IOException {
        JsonToken cur = p.currentToken();
        if (step instanceof String key) {
            if (cur != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals(key)) {
                    return true;
                }
                p.skipChildren();
            }
            return false;
        }
        int index = (Integer) step;
        if (cur != JsonToken.START_ARRAY) {
            return false;
        }
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (i++ == index) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }
}
