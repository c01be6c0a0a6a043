package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interlude.engine.status.StatusType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void every_status_type_has_its_own_event_name_and_the_issue_s_names_are_all_there() {
        assertEquals(StatusType.values().length, Arrays.stream(StatusType.values()).map(EventTypes::name).distinct()
                .count());
        assertTrue(EventTypes.NAMES.containsAll(List.of("run.queued", "run.started", "run.succeeded", "run.failed",
                "run.retrying", "run.abandoned", "run.awaiting_approval", "window.changed", "mode.changed",
                "budget.updated", "dispatch.stopped", "dispatch.resumed", "health.changed", "alert")),
                EventTypes.NAMES.toString());
        assertEquals(StatusType.values().length, EventTypes.NAMES.size());
        assertEquals("run.retrying", EventTypes.name("retry_scheduled"));
        assertEquals("window.changed", EventTypes.name("phase_changed"));
    }

    @Test
    void health_changed_has_its_name_and_a_type_of_a_newer_node_keeps_its_own() {
        assertEquals(EventTypes.HEALTH_CHANGED, EventTypes.name("health_changed"));
        assertEquals("quota_exceeded", EventTypes.name("quota_exceeded"));
    }

    @Test
    void types_are_read_from_a_comma_separated_list_and_an_unknown_or_empty_one_is_named() {
        assertEquals(Optional.empty(), EventTypes.parse(Optional.empty()));
        assertEquals(Optional.of(Set.of("run.started", "alert")), EventTypes.parse(Optional.of("run.started, alert")));
        for (String empty : List.of(" ", ",", "run.started, alert,", "run.started,,alert")) {
            Api.Refused refused = assertThrows(Api.Refused.class, () -> EventTypes.parse(Optional.of(empty)));
            assertEquals(400, refused.status().intValue());
            assertTrue(refused.getMessage().startsWith("query parameter \"types\": expected event types separated "
                    + "by commas, with none empty"), refused.getMessage());
        }
        Api.Refused refused = assertThrows(Api.Refused.class,
                () -> EventTypes.parse(Optional.of("run.started,run_failed,nope")));
        assertEquals(400, refused.status().intValue());
        assertTrue(refused.getMessage().startsWith("unknown event types \"run_failed\", \"nope\" in types; the event "
                + "types are alert, budget.updated, dispatch.resumed"), refused.getMessage());
    }
}
