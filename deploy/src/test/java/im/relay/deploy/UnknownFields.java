package im.relay.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields the Kubernetes model does not know. fabric8 keeps them in {@code additionalProperties} instead of
 * failing, so a misspelt {@code livenesProbe} would parse, apply without complaint on older clusters, and never probe.
 */
final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {}

    /** Paths such as {@code spec.template.spec.containers[0].livenesProbe}; empty when every field is known. */
    static List<String> in(Object object) {
        List<String> found = new ArrayList<>();
        walk("", object, found);
        return found;
    }

    private static void walk(String path, Object value, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(path + "[" + i++ + "]", item, found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(path + "." + key, item, found));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue = read(field, value);
                String fieldPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra) {
                        extra.keySet().forEach(key -> found.add((path.isEmpty() ? "" : path + ".") + key));
                    }
                } else {
                    walk(fieldPath, fieldValue, found);
                }
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
