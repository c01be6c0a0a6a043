package dev.interlude.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The common pool on a 2-core machine, in a JVM of its own (the pool is sized once, when it is first used): the JDK's
 * default leaves {@code CompletableFuture} starting a thread per callback, and {@link CommonPool#shareThreads}
 * makes it use the pool.
 */
class CommonPoolTest {

    /** Prints the common pool's size and whether {@code CompletableFuture}'s callbacks run on it. */
    public static final class Probe {
        public static void main(String[] args) {
            if (args.length > 0 && args[0].equals("share")) {
                CommonPool.shareThreads();
            }
            boolean onPool = new CompletableFuture<Void>().defaultExecutor() == ForkJoinPool.commonPool();
            System.out.println(ForkJoinPool.getCommonPoolParallelism() + " " + onPool + " "
                    + CommonPool.sharesThreads());
        }
    }

    @Test
    void on_two_cores_the_jdk_alone_starts_a_thread_per_callback() throws Exception {
        assertEquals("1 false false", probe(List.of(), false));
    }

    @Test
    void shared_threads_on_two_cores_make_callbacks_run_on_the_pool() throws Exception {
        assertEquals("2 true true", probe(List.of(), true));
    }

    @Test
    void a_size_given_to_the_jvm_is_kept() throws Exception {
        assertEquals("3 true true", probe(List.of("-D" + CommonPool.PARALLELISM + "=3"), true));
        assertEquals("1 false false", probe(List.of("-D" + CommonPool.PARALLELISM + "=1"), true));
    }

    private static String probe(List<String> jvmOptions, boolean share) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:ActiveProcessorCount=2");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        if (share) {
            command.add("share");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe JVM ended");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
