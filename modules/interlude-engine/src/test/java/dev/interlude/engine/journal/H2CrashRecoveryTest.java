package dev.interlude.engine.journal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Crash recovery on the embedded H2 journal, in a file of its own (in a folder that does not exist yet). */
class H2CrashRecoveryTest extends CrashRecoveryContract {

    @TempDir
    Path directory;

    @Override
    JournalSettings journal() {
        return JournalSettings.h2(directory.resolve("data").resolve("journal"));
    }
}
