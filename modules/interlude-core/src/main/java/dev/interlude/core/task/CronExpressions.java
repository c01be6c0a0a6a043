package dev.interlude.core.task;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cron expressions through cron-utils, parsed once each. The dialect follows the field count: five fields are Unix
 * cron ({@code minute hour day-of-month month day-of-week}); six or seven are Quartz ({@code second minute hour
 * day-of-month month day-of-week [year]}, with {@code ?} in one of the two day fields).
 *
 * <p>cron-utils parses and validates every expression; those in the plain subset are also compiled by
 * {@link FastCron} (see {@link CronSchedule}), the rest are evaluated by cron-utils.
 */
final class CronExpressions {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final Map<String, CronSchedule> PARSED = new ConcurrentHashMap<>();

    private CronExpressions() {
    }

    /**
     * The parsed expression, with its compiled form when it has one, from the cache after the first call; throws
     * IllegalArgumentException if invalid.
     */
    static CronSchedule schedule(String expression) {
        return PARSED.computeIfAbsent(expression, CronExpressions::parse);
    }

    /** cron-utils' evaluator for the expression, from the cache after the first call; throws if invalid. */
    static ExecutionTime executionTime(String expression) {
        return schedule(expression).executionTime();
    }

    /** What is wrong with {@code expression}, in cron-utils' words, or empty if it is valid. */
    static Optional<String> problem(String expression) {
        try {
            executionTime(expression);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static CronSchedule parse(String expression) {
        String trimmed = expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        CronParser parser = switch (fields) {
            case 5 -> UNIX;
            case 6, 7 -> QUARTZ;
            default -> throw new IllegalArgumentException("expected 5 fields (Unix cron) or 6-7 fields (Quartz cron), got "
                    + fields);
        };
        Cron cron;
        ExecutionTime executionTime;
        try {
            cron = parser.parse(trimmed);
            executionTime = ExecutionTime.forCron(cron);
        } catch (RuntimeException e) {
            // cron-utils reports most mistakes as IllegalArgumentException, a few malformed inputs as other runtime
            // exceptions; all of them mean the same thing here.
            throw new IllegalArgumentException(e.getMessage() == null ? "invalid cron expression" : e.getMessage(), e);
        }
        return new CronSchedule(executionTime, FastCron.compile(cron));
    }
}
