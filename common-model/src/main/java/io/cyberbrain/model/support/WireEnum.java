package io.cyberbrain.model.support;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum whose database and wire value is its lower-case name ({@code awaiting_approval}). */
public interface WireEnum {

    String name();

    @JsonValue
    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(wanted)).findFirst();
    }

    static <E extends Enum<E> & WireEnum> String allowed(Class<E> type) {
        return String.join(", ", Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).toList());
    }
}
