package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict reading of request bodies, as plain functions: every refusal a 400 naming what is wrong. */
class JsonBodiesTest {

    record Stop(String reason, Boolean cancelRunning) {
    }

    record Run(Map<String, String> parameters) {
    }

    private final JsonBodies bodies = new JsonBodies(32);

    @Test
    void a_well_formed_object_is_read_and_absent_fields_stay_absent() {
        assertEquals(new Stop("broker outage", true),
                bodies.read(bytes("{\"reason\": \"broker outage\", \"cancelRunning\": true}"), Stop.class));
        assertEquals(new Stop("x", null), bodies.read(bytes(" {\"reason\":\"x\"}\n"), Stop.class));
        assertEquals(new Run(Map.of("desk", "rates")), bodies.read(bytes("{\"parameters\":{\"desk\":\"rates\"}}"),
                Run.class));
    }

    @Test
    void nesting_deeper_than_the_limit_is_refused_while_parsing_whatever_the_size() {
        String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
        assertRefused(deep, "nests objects and arrays deeper than the 32 levels this node accepts "
                + "(interlude.http.max-json-depth)");
        assertRefused("[".repeat(100_000), "deeper than the 32 levels");
        // 32 levels are fine, 33 are not.
        assertEquals(32, depthAccepted(32));
        assertRefused("{\"a\":".repeat(32) + "[1]" + "}".repeat(32), "deeper than the 32 levels");
    }

    private int depthAccepted(int levels) {
        bodies.object(bytes("{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1)));
        return levels;
    }

    @Test
    void a_body_that_is_not_one_json_object_is_refused() {
        assertRefused("null", "expected a JSON object as the request body, got null");
        assertRefused("[]", "got an array");
        assertRefused("\"stop\"", "got a string");
        assertRefused("5", "got a number");
        assertRefused("true", "got true");
        assertRefused("", "got nothing");
        assertRefused("{\"reason\":\"ok\"}garbage", "malformed JSON at line 1, column 16");
        assertRefused("{\"reason\":\"ok\"} {\"reason\":\"again\"}", "malformed JSON");
        assertRefused("{\"reason\":\"ok\"}]", "malformed JSON");
        assertRefused("{'reason': 'ok'}", "malformed JSON");
        assertRefused("{\"reason\": \"ok\", /* c */ \"cancelRunning\": true}", "malformed JSON");
        assertRefused("{\"n\": NaN}", "malformed JSON");
    }

    @Test
    void a_key_given_twice_is_refused_at_any_depth() {
        assertRefused("{\"reason\":\"a\",\"reason\":\"b\"}", "Duplicate field 'reason'");
        assertRefused("{\"parameters\":{\"desk\":\"a\",\"desk\":\"b\"}}", "Duplicate field 'desk'");
    }

    @Test
    void bytes_that_are_not_utf8_are_refused() {
        byte[] latin1 = "{\"reason\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        Api.Refused refused = assertThrows(Api.Refused.class, () -> bodies.read(latin1, Stop.class));
        assertEquals("the request body is not UTF-8: invalid byte sequence at byte 14 (0xe9)", refused.getMessage());
        for (byte[] bad : new byte[][] {{(byte) 0xff}, {(byte) 0x80}, {(byte) 0xc0, (byte) 0x80},
                {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}}) {
            byte[] body = new byte[14 + bad.length];
            System.arraycopy(bytes("{\"reason\":\"a"), 0, body, 0, 12);
            System.arraycopy(bad, 0, body, 12, bad.length);
            System.arraycopy(bytes("\"}"), 0, body, 12 + bad.length, 2);
            Api.Refused notUtf8 = assertThrows(Api.Refused.class, () -> bodies.read(body, Stop.class));
            assertTrue(notUtf8.getMessage().startsWith("the request body is not UTF-8: invalid byte sequence at "
                    + "byte 12"), notUtf8.getMessage());
        }
    }

    @Test
    void a_value_of_the_wrong_type_is_never_coerced() {
        assertRead("{\"reason\": 5}", Stop.class, "field \"reason\": expected a string, got a number");
        assertRead("{\"reason\": 5.5}", Stop.class, "field \"reason\": expected a string, got a number");
        assertRead("{\"reason\": true}", Stop.class, "field \"reason\": expected a string, got true");
        assertRead("{\"reason\": {\"a\": 1}}", Stop.class, "field \"reason\": expected a string");
        assertRead("{\"reason\": [\"a\"]}", Stop.class, "field \"reason\": expected a string");
        assertRead("{\"reason\": \"x\", \"cancelRunning\": \"true\"}", Stop.class,
                "field \"cancelRunning\": expected true or false, got a string");
        assertRead("{\"reason\": \"x\", \"cancelRunning\": 1}", Stop.class,
                "field \"cancelRunning\": expected true or false, got a number");
        assertRead("{\"parameters\": \"desk=rates\"}", Run.class, "field \"parameters\": expected an object");
        assertRead("{\"parameters\": \"\"}", Run.class, "field \"parameters\": expected an object");
        assertRead("{\"parameters\": []}", Run.class, "field \"parameters\": expected an object");
        assertRead("{\"parameters\": {\"n\": 3}}", Run.class, "field \"parameters.n\": expected a string");
        assertRead("{\"parameters\": {\"n\": false}}", Run.class, "field \"parameters.n\": expected a string");
    }

    @Test
    void null_is_not_a_value_anywhere() {
        assertRead("{\"reason\": null}", Stop.class, "field \"reason\": null is not a value here");
        assertRead("{\"reason\": \"x\", \"cancelRunning\": null}", Stop.class, "field \"cancelRunning\": null");
        assertRead("{\"parameters\": null}", Run.class, "field \"parameters\": null");
        assertRead("{\"parameters\": {\"desk\": null}}", Run.class, "field \"parameters.desk\": null");
        assertRefused("{\"a\": [1, null]}", "field \"a[1]\": null");
    }

    @Test
    void an_unknown_field_is_named_with_the_known_ones() {
        assertRead("{\"reason\": \"x\", \"cancel\": true}", Stop.class,
                "unknown field \"cancel\"; expected one of cancelRunning, reason");
    }

    private void assertRefused(String body, String detail) {
        Api.Refused refused = assertThrows(Api.Refused.class, () -> bodies.object(bytes(body)), body);
        assertEquals(400, refused.status().intValue());
        assertTrue(refused.getMessage().contains(detail), refused.getMessage());
    }

    private void assertRead(String body, Class<?> type, String detail) {
        Api.Refused refused = assertThrows(Api.Refused.class, () -> bodies.read(bytes(body), type), body);
        assertEquals(400, refused.status().intValue());
        assertTrue(refused.getMessage().contains(detail), refused.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
