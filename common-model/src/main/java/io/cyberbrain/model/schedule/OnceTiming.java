package io.cyberbrain.model.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import io.cyberbrain.model.error.InvalidRequestException;

/** One fire at a given instant; a scheduler that was down at that time fires it when it comes back. */
public record OnceTiming(Instant at, ZoneId zone) implements Timing {

    public static OnceTiming of(Instant at, String timezone) {
        if (at == null) {
            throw new InvalidRequestException("run_once_at", "is required for a once schedule");
        }
        return new OnceTiming(at, Timing.zone(timezone));
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        return at.isAfter(after) ? Optional.of(at) : Optional.empty();
    }

    @Override
    public String describe() {
        return "once, at " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(at.atZone(zone)) + " (" + zone.getId() + ")";
    }
}
