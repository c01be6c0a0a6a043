package dev.interlude.app;

import dev.interlude.core.config.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the {@code interlude} command in-process, on a fixed clock, against the repository's conf/ directory. */
final class Cli {

    /** The repository root, where conf/application.conf and conf/tasks.conf are. */
    static final Path HOME = Path.of("../..").toAbsolutePath().normalize();

    /** Saturday 2026-11-21, 12:00 in New York. */
    static final Clock SATURDAY_NOON = Clock.fixed(Instant.parse("2026-11-21T17:00:00Z"), ZoneOffset.UTC);

    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        return runAt(SATURDAY_NOON, args);
    }

    static Result runAt(Clock clock, String... args) {
        return capture((out, err) -> Interlude.run(clock, HOME, out, err, args));
    }

    /** Runs the command in {@link #HOME} with exactly {@code environment} as its environment variables. */
    static Result runWith(Map<String, String> environment, String... args) {
        return capture((out, err) -> Interlude.run(SATURDAY_NOON, HOME, Environment.of(environment), out, err, args));
    }

    /** Runs the command as {@code main} does: the home is what {@code INTERLUDE_HOME} says, else the working directory. */
    static Result launch(Map<String, String> environment, String... args) {
        return capture((out, err) -> Interlude.launch(Environment.of(environment), SATURDAY_NOON, out, err, args));
    }

    private interface Command {
        int run(PrintWriter out, PrintWriter err);
    }

    private static Result capture(Command command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = command.run(new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
