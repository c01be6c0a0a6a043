package dev.interlude.engine.supervisor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A launcher that runs nothing: it records the orders it is handed and the runs it is asked to cancel. */
final class RecordingLauncher implements Launcher {

    final List<RunOrder> launched;
    final List<String> cancelled;

    RecordingLauncher(List<RunOrder> launched, List<String> cancelled) {
        this.launched = launched;
        this.cancelled = cancelled;
    }

    RecordingLauncher() {
        this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    @Override
    public void launch(RunOrder order) {
        launched.add(order);
    }

    @Override
    public void cancel(String runId, String reason) {
        cancelled.add(runId);
    }
}
