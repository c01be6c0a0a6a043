package dev.interlude.app.desk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * The desk directory and the small file work every handler does in it: whole files written atomically (a reader
 * sees the old file or the new one, never half of one), plain CSV without quoting, and randomness seeded by the run
 * id so the same run always writes the same numbers.
 */
final class Desk {

    static final String DEFAULT_DIR = "data/desk";

    private final Path root;
    private final String label;
    private final Function<String, String> env;

    private Desk(Path root, String label, Function<String, String> env) {
        this.root = root;
        this.label = label;
        this.env = env;
    }

    /**
     * The desk at {@code configured}: an absolute path as is; a relative one under {@code INTERLUDE_HOME} when that is
     * set (the launcher sets it to the repository root), else under the working directory.
     */
    static Desk open(String configured, Function<String, String> env) {
        return new Desk(resolve(configured, env), configured.replaceAll("/+$", ""), env);
    }

    /** Another configured directory (a backup folder), resolved the way the desk's own is. */
    Path resolveOther(String configured) {
        return resolve(configured, env);
    }

    static Path resolve(String configured, Function<String, String> env) {
        Path path = Path.of(configured);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        String home = env.apply("INTERLUDE_HOME");
        Path base = home == null || home.isBlank() ? Path.of("").toAbsolutePath() : Path.of(home).toAbsolutePath();
        return base.resolve(path).normalize();
    }

    Path root() {
        return root;
    }

    Path path(String relative) {
        return root.resolve(relative).normalize();
    }

    /** A path for results and errors, as the catalog names it: {@code data/desk/positions.csv}. */
    String describe(Path file) {
        if (file.equals(root)) {
            return label;
        }
        return file.startsWith(root)
                ? label + "/" + root.relativize(file).toString().replace('\\', '/')
                : file.toString();
    }

    /** Replaces {@code file} with {@code content} atomically, creating its directory if needed. */
    void write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            moveReplacing(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The rows of a CSV file written by {@link #csv}, by column name; empty if the file does not exist. */
    Optional<List<Map<String, String>>> readCsv(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> header = null;
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (header == null) {
                header = List.of(cells);
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < cells.length ? cells[i].trim() : "");
            }
            rows.add(row);
        }
        return Optional.of(rows);
    }

    /** A CSV text: an optional {@code # comment} line, the header, then the rows. */
    static String csv(String comment, List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        if (!comment.isEmpty()) {
            out.append("# ").append(comment).append('\n');
        }
        out.append(String.join(",", header)).append('\n');
        rows.forEach(row -> out.append(String.join(",", row)).append('\n'));
        return out.toString();
    }

    /**
     * A generator seeded by the run id and a purpose (FNV-1a 64 over both): one run always draws the same numbers,
     * two runs draw different ones. {@link Random}'s algorithm is specified, so they are the same on every JVM.
     */
    static Random random(String runId, String purpose) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : (runId + "/" + purpose).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return new Random(hash);
    }

    static String money(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    static double number(Map<String, String> row, String column, Path file) {
        String value = row.getOrDefault(column, "");
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file.getFileName() + ": " + column + " of " + row.get("symbol")
                    + " is not a number: \"" + value + "\"");
        }
    }
}
