package io.cyberbrain.api.common;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.cyberbrain.model.error.InvalidRequestException;

/**
 * PostgreSQL cannot store the NUL character in text or jsonb: a string holding one would fail deep in a write.
 * Input is refused where it enters instead, with the field named.
 */
public final class NulCharacters {

    static final String MESSAGE = "must not contain the NUL character (\\u0000)";
    private static final byte[] ESCAPE = {'\\', 'u', '0', '0', '0', '0'};
    private static final JsonFactory JSON = new JsonFactory();

    private NulCharacters() {
    }

    public static void requireNone(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new InvalidRequestException(field, MESSAGE);
        }
    }

    /**
     * Refuses a NUL anywhere in a value already bound (a string, or lists and maps of them, as MCP tool arguments
     * arrive), naming the place as {@link #requireNoneInJson} does: {@code log_files[1]}, {@code config.llm.model}; a
     * NUL in a map's key names the map.
     */
    public static void requireNoneIn(String field, Object value) {
        if (value instanceof CharSequence text) {
            requireNone(field, text.toString());
        } else if (value instanceof java.util.Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                requireNone(field, key);
                requireNoneIn(field + "." + key, entry.getValue());
            }
        } else if (value instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                requireNoneIn(field + "[" + i++ + "]", item);
            }
        } else if (value instanceof Object[] items) {
            requireNoneIn(field, java.util.Arrays.asList(items));
        }
    }

    /**
     * Refuses a JSON document that has a NUL in any key or string. JSON can only carry one escaped (a raw NUL is
     * not valid JSON), so documents without the escape are passed without parsing them twice.
     */
    public static void requireNoneInJson(byte[] json) {
        if (indexOf(json, ESCAPE) < 0) {
            return;
        }
        try (JsonParser parser = JSON.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING)
                        && parser.getText().indexOf('\0') >= 0) {
                    throw new InvalidRequestException(fieldPath(parser, token), MESSAGE);
                }
            }
        } catch (IOException e) {
            // Not valid JSON: the body reader says so with its own position.
        }
    }

    /** {@code tasks[0]}, {@code task_config.llm.model}: the place of the offending value, as a caller names it. */
    private static String fieldPath(JsonParser parser, JsonToken token) {
        Deque<String> parts = new ArrayDeque<>();
        var context = token == JsonToken.FIELD_NAME ? parser.getParsingContext().getParent() : parser.getParsingContext();
        for (; context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inArray()) {
                parts.push("[" + Math.max(0, context.getCurrentIndex()) + "]");
            } else if (context.getCurrentName() != null) {
                parts.push("." + context.getCurrentName());
            }
        }
        String path = String.join("", parts);
        path = path.startsWith(".") ? path.substring(1) : path;
        return path.isEmpty() ? "body" : path;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
