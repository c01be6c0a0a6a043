package dev.interlude.http.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local webhook receiver for tests: the JDK's HTTP server on a free port of 127.0.0.1, recording every request.
 * It answers the statuses it is given, in order, then 200; while {@link #hold()} is in force it answers nothing
 * until {@link #release()}.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received. */
    public record Request(Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Checks the signature as a receiver would: HMAC-SHA256 of "timestamp.body", computed here on its own. */
        public boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update(header("X-Interlude-Timestamp").getBytes(StandardCharsets.UTF_8));
                mac.update((byte) '.');
                String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
                return expected.equals(header("X-Interlude-Signature"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private volatile CompletableFuture<Void> held = CompletableFuture.completedFuture(null);
    private volatile String errorBody = "";

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static Receiver start() {
        try {
            return new Receiver();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a local receiver", e);
        }
    }

    /** Answers these statuses to the next requests, in order, then 200 again. */
    public Receiver answering(Integer... statuses) {
        this.statuses.addAll(List.of(statuses));
        return this;
    }

    /** The body of every non-2xx answer. */
    public Receiver withErrorBody(String body) {
        this.errorBody = body;
        return this;
    }

    /** Requests from now on get no answer until {@link #release()}. */
    public Receiver hold() {
        held = new CompletableFuture<>();
        return this;
    }

    public void release() {
        held.complete(null);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/interlude");
    }

    /** The next request, waiting at most {@code seconds}; fails the test if none comes. */
    public Request next(double seconds) throws InterruptedException, TimeoutException {
        Request request = requests.poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        if (request == null) {
            throw new TimeoutException("no request reached the receiver within " + seconds + " s");
        }
        return request;
    }

    /** The next request if one comes within {@code millis}, else null. */
    public Request poll(long millis) throws InterruptedException {
        return requests.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Every request that has arrived and was not taken yet. */
    public List<Request> drain() {
        List<Request> all = new ArrayList<>();
        requests.drainTo(all);
        return all;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), in.readAllBytes()));
            try {
                held.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                return; // closes the exchange without an answer
            }
            Integer status = statuses.poll();
            int answer = status == null ? 200 : status;
            byte[] body = (answer >= 200 && answer < 300 ? "ok" : errorBody).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
