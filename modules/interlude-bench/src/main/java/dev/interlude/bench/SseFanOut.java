package dev.interlude.bench;

import java.util.Map;

/** The status feed's fan-out to server-sent-event subscribers: comes with the sse-fanout work. */
public final class SseFanOut {

    private SseFanOut() {
    }

    public static Map<String, Object> run(boolean quick) {
        throw new UnsupportedOperationException("merged from the sse-fanout branch");
    }
}
