package dev.interlude.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.interlude.core.calendar.XnysCalendar;
import dev.interlude.core.plan.PlannerConfig;
import dev.interlude.core.plan.Start;
import dev.interlude.core.task.TaskCatalog;
import dev.interlude.core.window.TradingWindows;
import dev.interlude.core.window.WindowSettings;
import dev.interlude.engine.CommonPool;
import dev.interlude.engine.handler.HandlerRegistry;
import dev.interlude.engine.status.StatusFeed;
import dev.interlude.engine.status.StatusHub;
import dev.interlude.engine.status.StatusSequence;
import dev.interlude.engine.status.StatusSettings;
import dev.interlude.engine.supervisor.Supervisor;
import dev.interlude.engine.supervisor.SupervisorEvent;
import dev.interlude.http.ApiRoutes;
import dev.interlude.http.HttpServer;
import dev.interlude.http.HttpSettings;
import dev.interlude.http.JournalEvents;
import dev.interlude.http.LiveNode;
import dev.interlude.http.Monitoring;
import dev.interlude.http.MonitoringSettings;
import dev.interlude.http.NodeApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * The status feed's fan-out (target: delivery p99 at most 100 ms to 1,000 subscribers on one node): a node's status
 * hub and its real HTTP routes on a free port of 127.0.0.1, {@code subscribers} clients each reading
 * {@code GET /api/v1/events} over its own loopback connection, and the status events of runs published through
 * the supervisor's own path ({@link StatusFeed#persisted}, then the hub). Each event is timed from the moment the
 * feed is told of it to the moment each client has read its last byte; a client that misses an id counts it as lost.
 *
 * <p>Three phases, all through the same connections: a warmup (a steady stream, then bursts until the JIT is quiet,
 * timed but not counted), a burst (every event of a busy plan at once) and a steady stream (a busy research window).
 * The clients are plain non-blocking sockets on one thread, scanning what they read a line at a time, so that 1,000
 * of them leave the node most of the machine.
 *
 * <p>Run it with {@code java -cp modules/interlude-bench/target/benchmarks.jar dev.interlude.bench.SseFanOut}
 * ({@code --quick}: 100 subscribers, fewer events).
 */
public final class SseFanOut {

    /** The node and the events it publishes run on the wall clock, one source of it for both. */
    private static final InstantSource CLOCK = InstantSource.system();

    /** The size of the fan-out and of each phase. */
    record Load(int subscribers, int warmup, int burst, int steady, int steadyPerSecond) {

        /** The most events published: the steady warmup, the most warm-up bursts, the burst and the steady stream. */
        int mostEvents() {
            return warmup + MOST_WARMUP_BURSTS * burst + burst + steady;
        }
    }

    /**
     * Bursts published (one at a time, each read by every client) after the steady warmup, until the JIT is quiet
     * (at most {@value #QUIET_COMPILE_MS} ms of compiling during one, after at least {@value #LEAST_WARMUP_BURSTS}):
     * a burst is the only time the node writes a hundred events in one chunk, and without these the JIT compiled that
     * path during the burst that is timed, on a third of the machine (measured with perf).
     */
    static final int LEAST_WARMUP_BURSTS = 3;
    static final int MOST_WARMUP_BURSTS = 30;
    static final long QUIET_COMPILE_MS = 2;

    static final Load FULL = new Load(1_000, 300, 100, 500, 50);
    static final Load QUICK = new Load(100, 100, 50, 100, 50);

    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private SseFanOut() {
    }

    public static void main(String[] args) {
        CommonPool.shareThreads(); // first: before anything makes the JDK's common pool
        boolean quick = Arrays.asList(args).contains("--quick");
        run(quick).forEach((k, v) -> System.out.println(k + " = " + v));
        System.exit(0);
    }

    /**
     * Runs the fan-out once ({@code quick}: 100 subscribers); answers its metrics, in a stable order. The system
     * properties {@code sse.subscribers}, {@code sse.warmup}, {@code sse.burst}, {@code sse.steady} and
     * {@code sse.rate} (steady events a second) change the load.
     */
    public static Map<String, Object> run(boolean quick) {
        Load load = quick ? QUICK : FULL;
        return run(new Load(Integer.getInteger("sse.subscribers", load.subscribers()),
                Integer.getInteger("sse.warmup", load.warmup()), Integer.getInteger("sse.burst", load.burst()),
                Integer.getInteger("sse.steady", load.steady()), Integer.getInteger("sse.rate",
                load.steadyPerSecond())));
    }

    static Map<String, Object> run(Load load) {
        Config config = ConfigFactory.parseMap(Map.of(
                        "interlude.http.port", 0,
                        "pekko.loglevel", "WARNING",
                        // room for every subscriber and the odd request besides (the default is 1024)
                        "pekko.http.server.max-connections", Math.max(1024, load.subscribers() + 64),
                        "pekko.http.server.backlog", 1024))
                .withFallback(PersistenceTestKitPlugin.getInstance().config())
                .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
                .withFallback(ConfigFactory.load());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "sse-fan-out", config);
        try (Clients clients = new Clients(load)) {
            Node node = Node.start(system, config);
            long connectStart = System.nanoTime();
            clients.connect(node.address(), load.subscribers());
            awaitSubscribers(system, node.hub(), load.subscribers() + 1); // + the node's own monitoring
            long connectMs = (System.nanoTime() - connectStart) / 1_000_000;

            Publisher publisher = new Publisher(node.hub(), StatusSettings.create(config), clients.published);
            publisher.steady(load.warmup(), load.steadyPerSecond());
            clients.awaitAll(load.warmup(), DRAIN);
            long warmed = load.warmup();
            int warmupBursts = 0;
            long compiling;
            do {
                long compiledBefore = compileMillis();
                publisher.burst(load.burst());
                warmed += load.burst();
                clients.awaitAll(warmed, DRAIN);
                warmupBursts++;
                compiling = compileMillis() - compiledBefore;
            } while (warmupBursts < MOST_WARMUP_BURSTS
                    && (warmupBursts < LEAST_WARMUP_BURSTS || compiling > QUIET_COMPILE_MS));
            long events = warmed + load.burst() + load.steady();
            clients.measureFrom(warmed + 1);
            long compiledBefore = compileMillis();
            long cpuStart = processCpuNanos();
            long clientCpuStart = clients.readerCpuNanos();
            long wallStart = System.nanoTime();
            publisher.burst(load.burst());
            clients.awaitAll(warmed + load.burst(), DRAIN);
            long burstWall = System.nanoTime() - wallStart;
            long burstCompiling = compileMillis() - compiledBefore;
            long burstCpu = processCpuNanos() - cpuStart;
            long burstClientCpu = clients.readerCpuNanos() - clientCpuStart;
            clients.steadyFrom(warmed + load.burst() + 1);
            publisher.steady(load.steady(), load.steadyPerSecond());
            clients.awaitAll(events, DRAIN);
            long cpu = processCpuNanos() - cpuStart;
            long clientCpu = clients.readerCpuNanos() - clientCpuStart;
            long wall = System.nanoTime() - wallStart;

            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("subscribers", load.subscribers());
            metrics.put("events", load.burst() + load.steady());
            metrics.putAll(clients.results());
            metrics.put("connect_ms", connectMs);
            // the whole process (node and clients): what the fan-out costs, however busy the machine is
            metrics.put("cpu_ms", cpu / 1_000_000);
            metrics.put("wall_ms", wall / 1_000_000);
            long delivered = ((Number) metrics.get("delivered")).longValue();
            metrics.put("cpu_us_per_delivery", perDelivery(cpu, delivered));
            // the same without the clients' thread: what the node spends
            metrics.put("client_cpu_ms", clientCpu / 1_000_000);
            metrics.put("node_cpu_us_per_delivery", perDelivery(cpu - clientCpu, delivered));
            // the burst alone, from its first event handed to the feed to its last read by every client: whether
            // the node or the one reading thread (on the same cores) is what it waits for
            metrics.put("burst_wall_ms", burstWall / 1_000_000);
            metrics.put("burst_cpu_ms", burstCpu / 1_000_000);
            metrics.put("burst_client_cpu_ms", burstClientCpu / 1_000_000);
            // how warm the JVM was: the bursts before the counted one, and what the JIT still compiled during it
            metrics.put("warmup_bursts", warmupBursts);
            metrics.put("burst_jit_ms", burstCompiling);
            return metrics;
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the figures are in; a slow shutdown does not change them
            }
        }
    }

    private static double perDelivery(long nanos, long delivered) {
        return delivered == 0 ? 0 : Math.round(nanos / 100.0 / delivered) / 10.0;
    }

    /** The JIT's compiling so far, in milliseconds. */
    private static long compileMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void awaitSubscribers(ActorSystem<?> system, ActorRef<StatusHub.Command> hub, int count) {
        long deadline = System.nanoTime() + START.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = AskPattern.<StatusHub.Command, StatusHub.SubscriberCount>ask(hub, StatusHub.GetSubscriberCount::new,
                    Duration.ofSeconds(5), system.scheduler()).toCompletableFuture().join().count();
            if (seen >= count) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new IllegalStateException("only " + seen + " of " + count + " subscribers reached the hub");
    }

    // ---- the node ----

    /** The node's status hub and HTTP routes as a node starts them; the supervisor is not needed for the feed. */
    private record Node(ActorRef<StatusHub.Command> hub, InetSocketAddress address) {

        static Node start(ActorSystem<Void> system, Config config) {
            StatusSettings statusSettings = StatusSettings.create(config);
            ActorRef<StatusHub.Command> hub = system.systemActorOf(StatusHub.create(statusSettings), "status",
                    Props.empty());
            ActorRef<Supervisor.Command> supervisor = system.systemActorOf(Behaviors.ignore(), "supervisor",
                    Props.empty());
            JournalEvents journal = JournalEvents.of(system, PersistenceTestKitReadJournal.Identifier(),
                    PersistenceId.ofUniqueId("sse-fan-out"));
            InstantSource clock = CLOCK;
            MonitoringSettings monitoringSettings = MonitoringSettings.load(config);
            Monitoring monitoring = Monitoring.start(system, journal, hub, clock, monitoringSettings);
            NodeApi node = new LiveNode(supervisor, hub, journal, system.scheduler(), TaskCatalog.empty(),
                    new TradingWindows(new XnysCalendar(), WindowSettings.DEFAULT),
                    PlannerConfig.load(ConfigFactory.defaultReference()), clock, HandlerRegistry.empty(), monitoring,
                    () -> "Up");
            HttpSettings settings = HttpSettings.load(config);
            ActorRef<HttpServer.Command> server = system.systemActorOf(HttpServer.create(settings,
                    new ApiRoutes(node, settings).route()), "http", Props.empty());
            CompletionStage<HttpServer.Binding> bound = AskPattern.ask(server, HttpServer.GetBinding::new, START,
                    system.scheduler());
            HttpServer.Binding binding = bound.toCompletableFuture().join();
            InetSocketAddress address = binding.address().orElseThrow(() -> new IllegalStateException(
                    binding.failure().orElse("the server did not bind")));
            return new Node(hub, new InetSocketAddress("127.0.0.1", address.getPort()));
        }
    }

    // ---- the publishing side ----

    /**
     * Publishes the events of runs (started, succeeded) through the supervisor's feed, numbered 1, 2, ... in the
     * journal, noting when each was handed over.
     */
    private static final class Publisher {

        private final StatusFeed feed;
        private final AtomicLongArray published;
        private long journalNr;

        Publisher(ActorRef<StatusHub.Command> hub, StatusSettings settings, AtomicLongArray published) {
            this.feed = StatusFeed.to(hub, settings);
            this.published = published;
        }

        void burst(int count) {
            for (int i = 0; i < count; i++) {
                publishNext();
            }
        }

        void steady(int count, int perSecond) {
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                publishNext();
                next += interval;
            }
        }

        private void publishNext() {
            long nr = ++journalNr;
            int run = (int) ((nr + 1) / 2);
            String runId = "run-" + run;
            String task = "task_" + (run % 50);
            Instant at = CLOCK.instant();
            SupervisorEvent event = nr % 2 == 1
                    ? new SupervisorEvent.RunStarted(runId, task, 1, Start.Cause.TRIGGER, Optional.empty(),
                    Map.of("symbols", "SPY,QQQ"), "research", 512, Duration.ofMinutes(5), at)
                    : new SupervisorEvent.RunSucceeded(runId, task, 1, "ok", at);
            published.set((int) nr, System.nanoTime());
            feed.persisted(event, nr);
        }
    }

    // ---- the subscribing side ----

    /** The subscribers: one non-blocking socket each, all read by one thread that times every event it reads. */
    private static final class Clients implements AutoCloseable {

        /** A delivery's latency takes this many bits (up to 18 minutes in nanoseconds), its journal number the rest. */
        private static final int LATENCY_BITS = 40;

        /** When each journal number was handed to the feed (System.nanoTime), by journal number. */
        final AtomicLongArray published;
        private final Load load;
        private final Selector selector;
        private final List<Client> clients = new ArrayList<>();
        private final Thread reader;
        private volatile boolean running = true;
        private volatile long measureFrom = Long.MAX_VALUE;
        private volatile long steadyFrom = Long.MAX_VALUE;
        // written by the reader thread only, read once it stopped: every event each client read, warm-up or not, as
        // its journal number (the high bits) and its latency in nanoseconds (the low LATENCY_BITS), so that the
        // reader does the same for each (a branch taken only once the counted burst begins had the JIT recompile
        // the reading loop during it)
        private final long[] deliveries;
        private int deliveryCount;
        private volatile IOException failure;

        Clients(Load load) {
            this.load = load;
            this.published = new AtomicLongArray(load.mostEvents() + 1);
            this.deliveries = new long[load.subscribers() * load.mostEvents()];
            try {
                this.selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.reader = new Thread(this::readLoop, "sse-subscribers");
            this.reader.setDaemon(true);
        }

        void connect(InetSocketAddress address, int count) {
            byte[] request = ("GET /api/v1/events HTTP/1.1\r\nHost: " + address.getHostString() + ":"
                    + address.getPort() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < count; i++) {
                    SocketChannel channel = SocketChannel.open(address); // blocking connect, then non-blocking reads
                    channel.write(ByteBuffer.wrap(request));
                    channel.configureBlocking(false);
                    Client client = new Client(channel);
                    clients.add(client);
                }
                for (Client client : clients) {
                    client.channel.register(selector, SelectionKey.OP_READ, client);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            reader.start();
        }

        long readerCpuNanos() {
            return ManagementFactory.getThreadMXBean().getThreadCpuTime(reader.getId());
        }

        void measureFrom(long journalNr) {
            measureFrom = journalNr;
        }

        void steadyFrom(long journalNr) {
            steadyFrom = journalNr;
        }

        /** Waits until every client that is still connected has read journal number {@code journalNr}. */
        void awaitAll(long journalNr, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && failure == null) {
                boolean all = true;
                for (Client client : clients) {
                    if (!client.ended && client.lastJournalNr < journalNr) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        Map<String, Object> results() {
            running = false;
            selector.wakeup();
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw new UncheckedIOException(failure);
            }
            int disconnected = 0;
            int ended = 0;
            for (Client client : clients) {
                disconnected += client.disconnected ? 1 : 0;
                ended += client.ended ? 1 : 0;
            }
            long[] burst = new long[deliveryCount];
            long[] steady = new long[deliveryCount];
            int burstCount = 0;
            int steadyCount = 0;
            for (int i = 0; i < deliveryCount; i++) {
                long journalNr = deliveries[i] >>> LATENCY_BITS;
                long latency = deliveries[i] & ((1L << LATENCY_BITS) - 1);
                if (journalNr >= steadyFrom) {
                    steady[steadyCount++] = latency;
                } else if (journalNr >= measureFrom) {
                    burst[burstCount++] = latency;
                }
            }
            long lost = (long) clients.size() * (load.burst() + load.steady()) - burstCount - steadyCount;
            long[] all = new long[burstCount + steadyCount];
            System.arraycopy(burst, 0, all, 0, burstCount);
            System.arraycopy(steady, 0, all, burstCount, steadyCount);
            Arrays.sort(all);
            burst = Arrays.copyOf(burst, burstCount);
            Arrays.sort(burst);
            steady = Arrays.copyOf(steady, steadyCount);
            Arrays.sort(steady);
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("delivered", all.length);
            results.put("p50_ms", millis(percentile(all, 0.50)));
            results.put("p99_ms", millis(percentile(all, 0.99)));
            results.put("max_ms", millis(all.length == 0 ? 0 : all[all.length - 1]));
            results.put("lost", lost);
            results.put("burst_p50_ms", millis(percentile(burst, 0.50)));
            results.put("burst_p99_ms", millis(percentile(burst, 0.99)));
            results.put("burst_max_ms", millis(burst.length == 0 ? 0 : burst[burst.length - 1]));
            results.put("steady_p50_ms", millis(percentile(steady, 0.50)));
            results.put("steady_p99_ms", millis(percentile(steady, 0.99)));
            results.put("steady_max_ms", millis(steady.length == 0 ? 0 : steady[steady.length - 1]));
            results.put("disconnected", disconnected);
            results.put("ended", ended);
            return results;
        }

        private static long percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }

        private static double millis(long nanos) {
            return Math.round(nanos / 10_000.0) / 100.0;
        }

        private void readLoop() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            byte[] bytes = new byte[buffer.capacity()];
            try {
                while (running) {
                    selector.select(100);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        Client client = (Client) key.attachment();
                        buffer.clear();
                        int read = client.channel.read(buffer);
                        if (read < 0) {
                            client.ended = true;
                            key.cancel();
                            continue;
                        }
                        long now = System.nanoTime();
                        buffer.flip();
                        buffer.get(bytes, 0, read);
                        client.take(bytes, read, now);
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        /** An event with an id was read completely at {@code now}. */
        private void received(Client client, long journalNr, long now) {
            if (journalNr <= client.lastJournalNr) {
                return; // never happens: the feed sends each id once, in order
            }
            client.lastJournalNr = journalNr;
            if (journalNr >= published.length()) {
                return; // never happens: the publisher numbers no more events than it made room for
            }
            long latency = Math.min(now - published.get((int) journalNr), (1L << LATENCY_BITS) - 1);
            deliveries[deliveryCount++] = journalNr << LATENCY_BITS | latency;
        }

        @Override
        public void close() {
            running = false;
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            for (Client client : clients) {
                try {
                    client.channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        /** One subscriber: parses its HTTP/1.1 chunked response into server-sent-event lines, line by line. */
        private final class Client {

            private static final int HEADERS = 0;
            private static final int CHUNK_SIZE = 1;
            private static final int CHUNK_DATA = 2;
            private static final int CHUNK_END = 3;

            final SocketChannel channel;
            private int state = HEADERS;
            private int headerMatch; // how much of "\r\n\r\n" was just read
            private long chunkLeft;
            private final StringBuilder sizeLine = new StringBuilder();
            private final byte[] line = new byte[64]; // only the start of a line matters (event:, id:)
            private int lineLength;
            private long eventId = -1;
            volatile long lastJournalNr;
            volatile boolean ended;
            boolean disconnected;

            Client(SocketChannel channel) {
                this.channel = channel;
            }

            /**
             * The next {@code length} bytes of the response, read at {@code now}. A chunk's data is scanned a line at
             * a time: this one thread reads for all the clients, and the less of the machine it takes, the less it
             * slows the node it measures.
             */
            void take(byte[] bytes, int length, long now) {
                int i = 0;
                while (i < length) {
                    if (state == CHUNK_DATA) {
                        int end = (int) Math.min(length, i + chunkLeft);
                        body(bytes, i, end, now);
                        chunkLeft -= end - i;
                        i = end;
                        if (chunkLeft == 0) {
                            state = CHUNK_SIZE; // its CRLF reads as an empty size line
                        }
                    } else {
                        take(bytes[i++]);
                    }
                }
            }

            /** One byte of the headers, a chunk-size line or what follows the last chunk. */
            private void take(byte b) {
                switch (state) {
                    case HEADERS -> {
                        headerMatch = (b == (headerMatch % 2 == 0 ? '\r' : '\n')) ? headerMatch + 1
                                : (b == '\r' ? 1 : 0);
                        if (headerMatch == 4) {
                            state = CHUNK_SIZE;
                        }
                    }
                    case CHUNK_SIZE -> {
                        if (b == '\n') {
                            String size = sizeLine.toString().strip();
                            sizeLine.setLength(0);
                            if (size.isEmpty()) {
                                return;
                            }
                            int semicolon = size.indexOf(';');
                            chunkLeft = Long.parseLong(semicolon < 0 ? size : size.substring(0, semicolon), 16);
                            state = chunkLeft == 0 ? CHUNK_END : CHUNK_DATA;
                            if (chunkLeft == 0) {
                                ended = true;
                            }
                        } else if (b != '\r') {
                            sizeLine.append((char) b);
                        }
                    }
                    default -> {
                        // after the last chunk
                    }
                }
            }

            /** Chunk data from {@code from} to {@code to}: each line's start kept, the line handled at its end. */
            private void body(byte[] bytes, int from, int to, long now) {
                int i = from;
                while (i < to) {
                    int newline = i;
                    while (newline < to && bytes[newline] != '\n') {
                        newline++;
                    }
                    int kept = Math.min(newline - i, line.length - lineLength);
                    System.arraycopy(bytes, i, line, lineLength, kept);
                    lineLength += kept;
                    if (newline == to) {
                        return; // the line goes on in the next read
                    }
                    endOfLine(now);
                    i = newline + 1;
                }
            }

            private void endOfLine(long now) {
                if (lineLength == 0) {
                    if (eventId >= 0) {
                        received(this, StatusSequence.journalPart(eventId), now);
                    }
                    eventId = -1;
                } else if (startsWith("id:")) {
                    eventId = Long.parseLong(new String(line, 3, lineLength - 3, StandardCharsets.US_ASCII).strip());
                } else if (startsWith("event:") && new String(line, 6, lineLength - 6, StandardCharsets.US_ASCII)
                        .strip().equals("disconnected")) {
                    disconnected = true;
                }
                lineLength = 0;
            }

            private boolean startsWith(String prefix) {
                if (lineLength < prefix.length()) {
                    return false;
                }
                for (int i = 0; i < prefix.length(); i++) {
                    if (line[i] != prefix.charAt(i)) {
                        return false;
                    }
                }
                return true;
            }
        }
    }
}
