package dev.interlude.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code interlude leds list|test}, {@code interlude db init|check}): given
 * alone, it prints its usage. Its subcommands reach the {@code interlude} command through {@link #parent}.
 */
abstract class CommandGroup implements Runnable {

    @ParentCommand
    Interlude parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
