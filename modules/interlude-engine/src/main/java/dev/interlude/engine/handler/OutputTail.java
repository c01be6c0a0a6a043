package dev.interlude.engine.handler;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The last {@code capacity} bytes written to it, with a count of everything written. Thread-safe. */
final class OutputTail {

    private final byte[] ring;
    private long written;

    OutputTail(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        int capacity = ring.length;
        if (length >= capacity) {
            System.arraycopy(bytes, offset + length - capacity, ring, 0, capacity);
            written += length;
            // the ring now starts at index (written % capacity); realign so position 0 is the oldest byte
            rotateTo((int) (written % capacity));
            return;
        }
        int pos = (int) (written % capacity);
        int first = Math.min(length, capacity - pos);
        System.arraycopy(bytes, offset, ring, pos, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        written += length;
    }

    private void rotateTo(int start) {
        // after a full overwrite the bytes are in order from 0; place them so that reading from `start` is in order
        byte[] copy = Arrays.copyOf(ring, ring.length);
        for (int i = 0; i < copy.length; i++) {
            ring[(start + i) % ring.length] = copy[i];
        }
    }

    synchronized long written() {
        return written;
    }

    synchronized boolean truncated() {
        return written > ring.length;
    }

    /** The kept bytes as UTF-8 text; a character cut at the start is dropped rather than garbled. */
    synchronized String text() {
        int capacity = ring.length;
        byte[] out;
        if (written <= capacity) {
            out = Arrays.copyOf(ring, (int) written);
        } else {
            out = new byte[capacity];
            int start = (int) (written % capacity);
            System.arraycopy(ring, start, out, 0, capacity - start);
            System.arraycopy(ring, 0, out, capacity - start, start);
        }
        int skip = 0;
        if (written > capacity) {
            while (skip < out.length && skip < 3 && (out[skip] & 0xC0) == 0x80) {
                skip++;
            }
        }
        return new String(out, skip, out.length - skip, StandardCharsets.UTF_8);
    }

    /** The last non-blank line of the kept text, stripped; empty if there is none. */
    String lastLine() {
        String text = text();
        int end = text.length();
        while (end > 0) {
            int start = text.lastIndexOf('\n', end - 1) + 1;
            String line = text.substring(start, end).strip();
            if (!line.isEmpty()) {
                return line;
            }
            end = start - 1;
        }
        return "";
    }
}
