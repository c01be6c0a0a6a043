package dev.interlude.engine.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    private static void write(OutputTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.write(bytes, 0, bytes.length);
    }

    @Test
    void keeps_everything_below_the_capacity() {
        OutputTail tail = new OutputTail(16);
        write(tail, "abc\n");
        write(tail, "def\n");

        assertEquals("abc\ndef\n", tail.text());
        assertFalse(tail.truncated());
        assertEquals("def", tail.lastLine());
    }

    @Test
    void keeps_the_last_bytes_across_small_and_large_writes() {
        OutputTail tail = new OutputTail(8);
        write(tail, "0123456");
        write(tail, "789");
        assertEquals("23456789", tail.text());
        write(tail, "abcdefghijklmnop");
        assertEquals("ijklmnop", tail.text());
        write(tail, "XY");
        assertEquals("klmnopXY", tail.text());
        assertTrue(tail.truncated());
        assertEquals(28, tail.written());
    }

    @Test
    void a_character_cut_at_the_start_is_dropped() {
        OutputTail tail = new OutputTail(3);
        write(tail, "aé€z");

        assertEquals("z", tail.text(), "the euro sign lost its first byte");
    }

    @Test
    void the_last_line_skips_blank_lines() {
        OutputTail tail = new OutputTail(64);
        write(tail, "first\nresult: ok\n\n   \n");

        assertEquals("result: ok", tail.lastLine());
        assertEquals("", new OutputTail(4).lastLine());
    }
}
