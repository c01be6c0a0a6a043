package dev.interlude.app;

import dev.interlude.core.Durations;
import dev.interlude.core.window.Phase;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.http.BudgetJson;
import dev.interlude.http.BudgetJson.Budget;
import dev.interlude.http.BudgetJson.Research;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code interlude budget}: the phase at an instant and the research window containing it (or the next one). */
@Command(name = "budget", mixinStandardHelpOptions = true,
        description = "Show the phase and mode at an instant, and the research window containing it (or the next "
                + "one): its budget type, total and remaining hours.")
final class BudgetCommand implements Callable<Integer> {

    @ParentCommand
    private Interlude parent;

    @Spec
    private CommandSpec spec;

    @Mixin
    private AtOption at;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Override
    public Integer call() {
        Setup setup = parent.setup();
        TradingWindows windows = setup.windows();
        ZoneId zone = setup.calendar().calendar().zone();
        Instant instant = at.instant(parent.clock, zone);
        Budget budget = BudgetJson.at(windows, zone, instant);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(budget));
        } else {
            print(budget, out);
        }
        return Interlude.OK;
    }

    private static void print(Budget b, PrintWriter out) {
        Research r = b.research();
        out.printf("at        %s%n", b.at());
        out.printf("phase     %s (mode %s), %s to %s%n", b.phase(), b.mode(), b.phaseStart(), b.phaseEnd());
        boolean inside = Phase.valueOf(b.phase()).isResearch();
        out.printf("research  %s window%s, %s to %s%n", r.budgetType(), inside ? "" : " (next)", r.start(), r.end());
        out.printf("budget    %s total, %s left%s%n", human(r.totalHours()), human(r.remainingHours()),
                r.extended() ? " (extended)" : "");
    }

    private static String human(double hours) {
        return Durations.human(Duration.ofSeconds(Math.round(hours * 3600)));
    }
}
