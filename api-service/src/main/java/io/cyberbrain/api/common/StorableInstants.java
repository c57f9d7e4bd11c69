package io.cyberbrain.api.common;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import io.cyberbrain.model.error.InvalidRequestException;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Dates a caller may send: 1970 to 9999. Java parses years up to a billion, PostgreSQL stores up to 294276 and
 * nothing here means a date outside this range, so the range is checked where the value is read (JSON bodies
 * here, query parameters and forms through {@link #require}) instead of failing in a write.
 */
@Singleton
public class StorableInstants implements ObjectMapperCustomizer {

    public static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");
    static final String MESSAGE = "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    /** A query parameter or form value: blank is absent; an ISO-8601 instant or offset date-time, in range. */
    public static Instant parameter(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                parsed = OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidRequestException(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
        return require(field, parsed);
    }

    public static Instant require(String field, Instant value) {
        if (value != null && (value.isBefore(MIN) || value.isAfter(MAX))) {
            throw new InvalidRequestException(field, MESSAGE);
        }
        return value;
    }

    /** After Quarkus' own customizers, which register Jackson's java.time module: the last module registered wins. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("cyberbrain-storable-instants");
        module.addDeserializer(Instant.class, new Bounded<>(InstantDeserializer.INSTANT, v -> v, null));
        module.addDeserializer(OffsetDateTime.class,
                new Bounded<>(InstantDeserializer.OFFSET_DATE_TIME, OffsetDateTime::toInstant, null));
        module.addDeserializer(ZonedDateTime.class,
                new Bounded<>(InstantDeserializer.ZONED_DATE_TIME, ZonedDateTime::toInstant, null));
        mapper.registerModule(module);
    }

    /** Jackson's own reading (formats, numbers, @JsonFormat), then the range. */
    static final class Bounded<T> extends JsonDeserializer<T> implements ContextualDeserializer {

        private final JsonDeserializer<T> delegate;
        private final java.util.function.Function<T, Instant> instant;
        /** The property's wire name, known once Jackson contextualises this for a property. */
        private final String property;

        Bounded(JsonDeserializer<T> delegate, java.util.function.Function<T, Instant> instant, String property) {
            this.delegate = delegate;
            this.instant = instant;
            this.property = property;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String field = property != null ? property : p.currentName() != null ? p.currentName() : "body";
            T value;
            try {
                value = delegate.deserialize(p, ctxt);
            } catch (DateTimeException | ArithmeticException e) {
                // Numbers beyond Instant's own range (1e20 seconds) fail in the conversion, not in parsing.
                throw new InvalidRequestException(field, MESSAGE);
            }
            if (value != null) {
                require(field, instant.apply(value));
            }
            return value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<T> contextual = delegate instanceof ContextualDeserializer c
                    ? (JsonDeserializer<T>) c.createContextual(ctxt, property) : delegate;
            return new Bounded<>(contextual, instant, property == null ? null : property.getName());
        }

        @Override
        public Class<?> handledType() {
            return delegate.handledType();
        }
    }
}
