package dev.interlude.app;

import java.nio.file.Path;
import java.util.Map;

/** SIGKILLs on the embedded H2 journal (the default backend), in a file of the run's folder. */
class H2KillNineTest extends KillNineContract {

    @Override
    String backend() {
        return "h2";
    }

    @Override
    Map<String, String> journalEnvironment(Path dir) {
        return Map.of("INTERLUDE_JOURNAL_BACKEND", "h2", "INTERLUDE_JOURNAL_H2_PATH", dir.resolve("journal").toString());
    }
}
