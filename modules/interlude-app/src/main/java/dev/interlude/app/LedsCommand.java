package dev.interlude.app;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.interlude.core.config.InvalidInputException;
import dev.interlude.core.config.Problem;
import dev.interlude.hardware.LedCheck;
import dev.interlude.hardware.LedDevice;
import dev.interlude.hardware.LedSettings;
import dev.interlude.hardware.SysfsLeds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code interlude leds list|test}: the LED board's devices, and a check of its wiring by eye. */
@Command(name = "leds", mixinStandardHelpOptions = true,
        description = "The LED board: list the LED-class devices, or cycle every channel to check the wiring.",
        subcommands = {LedsCommand.ListLeds.class, LedsCommand.TestLeds.class})
final class LedsCommand extends CommandGroup {

    private LedSettings settings() {
        return LedSettings.load(parent.setup().config());
    }

    /** What both subcommands share: the configured settings, the output, {@code --base}. */
    abstract static class LedsSubcommand implements Callable<Integer> {

        @ParentCommand
        LedsCommand leds;

        @Spec
        CommandSpec spec;

        @Option(names = "--base", paramLabel = "PATH",
                description = "Where the LED-class devices are (default: interlude.hardware.sysfs.base).")
        Path base;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the LED-class devices found: name, max brightness, current trigger.")
    static final class ListLeds extends LedsSubcommand {


        @Override
        public Integer call() {
            Path where = base != null ? base : leds.settings().sysfsBase();
            List<LedDevice.LedInfo> found;
            try {
                found = new SysfsLeds(where).list();
            } catch (IOException e) {
                throw new InvalidInputException(base != null ? "--base" : "interlude.hardware.sysfs.base",
                        "cannot list the LEDs under " + where + " (" + e.getClass().getSimpleName() + ")");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (found.isEmpty()) {
                out.println("no LED-class devices under " + where);
            } else {
                out.printf(Locale.ROOT, "%-24s %14s  %s%n", "LED", "MAX BRIGHTNESS", "TRIGGER");
                found.forEach(l -> out.printf(Locale.ROOT, "%-24s %14d  %s%n", l.name(), l.maxBrightness(),
                        l.trigger()));
            }
            out.flush();
            return Interlude.OK;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Cycle every channel through every pattern (off, on, slow, fast), one --step each, then "
                    + "leave every channel in the final state: for checking the wiring by eye.")
    static final class TestLeds extends LedsSubcommand {


        @Option(names = "--device", paramLabel = "DRIVER",
                description = "sysfs or console (default: interlude.hardware.device).")
        private String device;

        @Option(names = "--step", paramLabel = "DURATION", defaultValue = "500ms",
                description = "How long each pattern shows, at most 10s (default: ${DEFAULT-VALUE}).")
        private String step;

        @Override
        public Integer call() throws InterruptedException {
            LedSettings settings = leds.settings();
            LedSettings.Driver driver = driver(settings.driver());
            Duration pause = duration(step);
            if (pause.isNegative() || pause.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new InvalidInputException("--step", "expected a duration from 0s to 10s, got " + step);
            }
            LedSettings chosen = settings.withDevice(driver, base != null ? base : settings.sysfsBase());
            PrintWriter out = spec.commandLine().getOut();
            List<String> failures = LedCheck.run(chosen.device(), chosen.channels(), chosen.finalState(), pause,
                    // The pause between two patterns is for a person checking the wiring by eye: a command, not an
                    // actor, so it may wait on this thread.
                    d -> Thread.sleep(d.toMillis()), line -> {
                        out.println(line);
                        out.flush();
                    });
            if (!failures.isEmpty()) {
                throw new InvalidInputException(failures.stream()
                        .map(f -> new Problem("interlude.hardware.channels", f)).toList());
            }
            return Interlude.OK;
        }

        private static Duration duration(String text) {
            try {
                return ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(text)).getDuration("d");
            } catch (ConfigException e) {
                throw new InvalidInputException("--step", "expected a duration such as 500ms or 2s, got " + text);
            }
        }

        private LedSettings.Driver driver(LedSettings.Driver configured) {
            if (device == null) {
                if (configured == LedSettings.Driver.NONE) {
                    throw new InvalidInputException("--device", "no LED device is configured "
                            + "(interlude.hardware.device = none): pass --device sysfs or --device console");
                }
                return configured;
            }
            return switch (device) {
                case "sysfs" -> LedSettings.Driver.SYSFS;
                case "console" -> LedSettings.Driver.CONSOLE;
                default -> throw new InvalidInputException("--device",
                        "unknown LED device \"" + device + "\", expected sysfs or console");
            };
        }
    }
}
