package io.cyberbrain.model.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;
import java.util.Optional;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import io.cyberbrain.model.error.InvalidRequestException;

/**
 * A cron expression in an IANA timezone, with the DST policy of Vixie cron made exact (docs/scheduler.md):
 * <ul>
 * <li>The expression is matched against wall-clock time with no DST at all (cron-utils runs in UTC here), and
 * each matching wall-clock time is then placed in the zone. cron-utils' own zone handling is not used: it
 * skips nonexistent times and fires twice in repeated hours.</li>
 * <li>A wall-clock time that occurs twice (clocks go back) fires once, at its first occurrence, for every job.
 * So a job never runs twice for the same wall-clock time, and the repeated hour is not re-run.</li>
 * <li>A wall-clock time that does not exist (clocks go forward): a fixed-time job (neither its minute nor its
 * hour field starts with {@code *}) runs once, at the end of the gap; a job that runs every hour or more often
 * follows the wall clock and simply has no fires in the missing hour.</li>
 * </ul>
 */
public final class CronTiming implements Timing {

    /** Bounds the search for a next time: an expression that never matches (30 February) ends it. */
    private static final int MAX_CANDIDATES = 10_000;

    private final String expression;
    private final ZoneId zone;
    private final Cron cron;
    private final ExecutionTime execution;
    private final boolean fixedTime;

    private CronTiming(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.cron = cron;
        this.execution = ExecutionTime.forCron(cron);
        this.fixedTime = !startsWithStar(cron, CronFieldName.MINUTE) && !startsWithStar(cron, CronFieldName.HOUR);
    }

    /**
     * Parses Unix 5-field cron, or Quartz 6- or 7-field cron (seconds first, optional year).
     *
     * @throws InvalidRequestException naming {@code cron_expr} or {@code timezone}
     */
    public static CronTiming parse(String expression, String timezone) {
        ZoneId zone = Timing.zone(timezone);
        if (expression == null || expression.isBlank()) {
            throw new InvalidRequestException("cron_expr", "is required for a cron schedule");
        }
        String trimmed = expression.trim().replaceAll("\\s+", " ");
        int fields = trimmed.split(" ").length;
        CronType type = switch (fields) {
            case 5 -> CronType.UNIX;
            case 6, 7 -> CronType.QUARTZ;
            default -> throw new InvalidRequestException("cron_expr", "has " + fields
                    + " fields; use Unix cron (minute hour day-of-month month day-of-week, e.g. '30 2 * * *') "
                    + "or Quartz cron (seconds first, 6 or 7 fields, e.g. '0 30 2 * * ?')");
        };
        try {
            Cron cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(type)).parse(trimmed).validate();
            return new CronTiming(trimmed, zone, cron);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("cron_expr", "is not a valid " + (type == CronType.UNIX ? "Unix" : "Quartz")
                    + " cron expression: " + e.getMessage());
        }
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            Optional<ZonedDateTime> match = execution.nextExecution(wall.atZone(ZoneOffset.UTC));
            if (match.isEmpty()) {
                return Optional.empty();
            }
            wall = match.get().toLocalDateTime();
            Optional<Instant> fire = place(wall);
            if (fire.isPresent() && fire.get().isAfter(after)) {
                return fire;
            }
        }
        return Optional.empty();
    }

    /** Where a matching wall-clock time falls in the zone, or empty when the policy gives it no fire. */
    private Optional<Instant> place(LocalDateTime wall) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(wall);
        if (transition == null || transition.isOverlap()) {
            // atZone keeps the earlier offset in an overlap: the first occurrence.
            return Optional.of(wall.atZone(zone).toInstant());
        }
        return fixedTime ? Optional.of(transition.getInstant()) : Optional.empty();
    }

    @Override
    public String describe() {
        String text = CronDescriptor.instance(Locale.UK).describe(cron);
        return text + " (" + zone.getId() + ")";
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** True for Vixie's "fixed-time" jobs, which run once after a DST gap instead of skipping it. */
    public boolean isFixedTime() {
        return fixedTime;
    }

    private static boolean startsWithStar(Cron cron, CronFieldName name) {
        var field = cron.retrieve(name);
        return field != null && field.getExpression().asString().startsWith("*");
    }
}
