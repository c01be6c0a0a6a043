package dev.interlude.core.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How much memory runs may reserve: a fixed number of MB, or what the machine has available ({@code MemAvailable}
 * in {@code /proc/meminfo}) minus a reserve kept for the node itself and the operating system.
 */
public sealed interface MemoryBudget {

    /** The budget in MB at the moment of asking (never negative). */
    long currentMb();

    /** A description for operators: {@code fixed 16384 MB} or {@code available memory minus 2048 MB}. */
    String describe();

    record Fixed(long mb) implements MemoryBudget {
        @Override
        public long currentMb() {
            return mb;
        }

        @Override
        public String describe() {
            return "fixed " + mb + " MB";
        }
    }

    /**
     * MemAvailable minus {@code reserveMb}; where the meminfo file cannot be read (not Linux), {@code fallbackMb}.
     */
    record Available(Path meminfo, long reserveMb, long fallbackMb) implements MemoryBudget {
        @Override
        public long currentMb() {
            OptionalLong available = readAvailableMb(meminfo);
            if (available.isEmpty()) {
                return fallbackMb;
            }
            return Math.max(0L, available.getAsLong() - reserveMb);
        }

        @Override
        public String describe() {
            return "available memory (" + meminfo + ") minus " + reserveMb + " MB";
        }
    }

    /** MemAvailable from a meminfo file, in MB, or empty when the file is missing or has no such line. */
    static OptionalLong readAvailableMb(Path meminfo) {
        try {
            return parseAvailableMb(Files.readString(meminfo));
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** Parses the {@code MemAvailable: 12345678 kB} line of {@code /proc/meminfo}. */
    static OptionalLong parseAvailableMb(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemAvailable:")) {
                String[] parts = line.substring("MemAvailable:".length()).trim().split("\\s+");
                try {
                    long kb = Long.parseLong(parts[0]);
                    return OptionalLong.of(kb / 1024);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
