package io.cyberbrain.api.root;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The API's operations, read once from the JAX-RS resource classes the container registered (each is a
 * bean): every {@code /api} path with the HTTP methods it answers and the name of its group. Operations hidden
 * from the OpenAPI document are left out here too, so the root and the document list the same operations.
 */
@ApplicationScoped
public class ApiResources {

    public record ApiResource(String name, String path, List<String> methods) {
    }

    private final List<ApiResource> all;

    public ApiResources(BeanManager beans) {
        Map<String, TreeSet<String>> methods = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null || !join("", root.value()).startsWith("/api")) {
                continue;
            }
            Tag tag = type.getAnnotation(Tag.class);
            String name = tag != null && !tag.name().isBlank() ? tag.name() : type.getSimpleName();
            for (Method m : type.getMethods()) {
                String verb = verb(m);
                Operation op = m.getAnnotation(Operation.class);
                if (verb == null || op != null && op.hidden()) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = join(join("", root.value()), sub == null ? "" : sub.value());
                methods.computeIfAbsent(path, p -> new TreeSet<>()).add(verb);
                names.putIfAbsent(path, name);
            }
        }
        List<ApiResource> list = new ArrayList<>();
        methods.forEach((path, verbs) -> list.add(new ApiResource(names.get(path), path, List.copyOf(verbs))));
        this.all = List.copyOf(list);
    }

    public List<ApiResource> all() {
        return all;
    }

    private static String verb(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** Joins two path templates with one slash and writes parameters as {@code {name}}, without their regex. */
    static String join(String base, String sub) {
        String s = sub.replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}");
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (s.isEmpty() || s.equals("/")) {
            return b.isEmpty() ? "/" : b;
        }
        String path = b + (s.startsWith("/") ? s : "/" + s);
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
