package dev.clusterlog.dist;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses a rendered object as its Kubernetes type (fabric8's kubernetes-model, which follows the
 * API's OpenAPI schema) and rejects unknown fields. fabric8 keeps an unknown field instead of
 * failing (every model class has {@code additionalProperties}), so after parsing, every model
 * object reached from the root is checked for an empty {@code additionalProperties}: a misspelt
 * or misplaced field in a manifest is named with its path.
 */
final class StrictKubernetesParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StrictKubernetesParser() {
    }

    /** The typed object; throws {@link IllegalArgumentException} naming every unknown field. */
    static HasMetadata parse(Map<String, Object> object) throws Exception {
        String where = object.get("kind") + " " + ((Map<?, ?>) object.getOrDefault("metadata", Map.of())).get("name");
        HasMetadata typed = Serialization.unmarshal(JSON.writeValueAsString(object), HasMetadata.class);
        if (typed == null || typed instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException(where + ": not a known Kubernetes type (" + object.get("apiVersion") + ")");
        }
        List<String> unknown = new ArrayList<>();
        collectUnknown(typed, where, unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown fields: " + String.join(", ", unknown));
        }
        return typed;
    }

    private static void collectUnknown(Object o, String path, List<String> unknown) throws Exception {
        if (o == null || !o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = m.invoke(o);
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    collectUnknown(item, path + "." + field + "[" + i++ + "]", unknown);
                }
            } else if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    collectUnknown(e.getValue(), path + "." + field + "." + e.getKey(), unknown);
                }
            } else {
                collectUnknown(value, path + "." + field, unknown);
            }
        }
    }
}
