package dev.interlude.app.desk;

import dev.interlude.engine.handler.TaskContext;
import dev.interlude.engine.handler.TaskResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code backup}: copies the desk directory to a dated folder, {@code <to>/<yyyyMMdd'T'HHmmss'Z'>_<run id>} (the
 * run's scheduled instant, in UTC), and keeps the newest {@code keep} of those folders. The copy is made beside the
 * target and moved into place, so a folder with a backup's name is always complete; running the same run id again
 * replaces its folder.
 *
 * <p>Settings: {@code dir}, {@code to} (data/backups; must not be inside the desk), {@code keep} (7).
 */
public final class Backup extends DeskHandler {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern BACKUP = Pattern.compile("\\d{8}T\\d{6}Z_.+");

    public Backup() {
        super("backup");
    }

    @Override
    TaskResult work(TaskContext context, Settings settings, Desk desk) throws IOException {
        String to = settings.text("to", "data/backups");
        Path backups = desk.resolveOther(to);
        int keep = settings.whole("keep", 7, 1);
        Path source = desk.root();
        if (backups.startsWith(source)) {
            throw new IllegalArgumentException("settings.to: " + to + " is inside the desk directory it backs up");
        }
        if (!Files.isDirectory(source)) {
            return TaskResult.success("nothing to back up: " + desk.describe(source) + " does not exist yet");
        }
        String name = STAMP.format(context.scheduledAt()) + "_" + context.runId();
        Path target = backups.resolve(name);
        Files.createDirectories(backups);
        Path staging = Files.createTempDirectory(backups, "." + name + ".");
        long[] copied = new long[2];
        try {
            copyTree(source, staging, copied);
            deleteTree(target);
            Files.move(staging, target);
        } finally {
            deleteTree(staging);
        }
        int removed = prune(backups, keep);
        return TaskResult.success("backed up " + copied[0] + " file(s), " + (copied[1] + 1023) / 1024 + " KiB to "
                + to.replaceAll("/+$", "") + "/" + name + "; keeping " + keep + ", removed " + removed + " older");
    }

    /** Copies regular files and directories, skipping the half-written temporary files of other handlers. */
    private static void copyTree(Path source, Path target, long[] counts) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(source)) {
            paths = walk.sorted().toList();
        }
        for (Path path : paths) {
            Path copy = target.resolve(source.relativize(path).toString());
            if (Files.isDirectory(path)) {
                Files.createDirectories(copy);
            } else if (Files.isRegularFile(path) && !path.getFileName().toString().endsWith(".tmp")) {
                Files.copy(path, copy);
                counts[0]++;
                counts[1] += Files.size(copy);
            }
        }
    }

    /** Deletes all but the newest {@code keep} backup folders (by name: their stamps sort in time order). */
    static int prune(Path backups, int keep) throws IOException {
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> list = Files.list(backups)) {
            list.filter(Files::isDirectory)
                    .filter(p -> BACKUP.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .forEach(folders::add);
        }
        int excess = Math.max(0, folders.size() - keep);
        for (Path old : folders.subList(0, excess)) {
            deleteTree(old);
        }
        return excess;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
