package dev.interlude.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Interlude.run(clock, HOME, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }
}
