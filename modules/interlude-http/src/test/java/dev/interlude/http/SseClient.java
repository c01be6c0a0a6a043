package dev.interlude.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A server-sent-events client on a plain socket, speaking HTTP/1.1 as {@code curl -N} does (a chunked response),
 * where every read has a deadline, so a test waits a bounded time and can stop reading on purpose (a slow client).
 */
final class SseClient implements AutoCloseable {

    /** One event as the client sees it; {@code id} is null when the event has none. */
    record Event(String type, String id, String data) {

        long sequence() {
            return Long.parseLong(id);
        }

        JsonNode json() {
            try {
                return Api.JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("the data of " + this + " is not JSON", e);
            }
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private long deadline;
    private long chunkLeft;
    private boolean ended;

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    /** The comment lines (heartbeats) read so far. */
    final List<String> comments = new ArrayList<>();

    private SseClient(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        deadline = System.nanoTime() + timeout.toNanos();
        String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1)
                    .strip());
        }
        if (!"chunked".equals(headers.get("transfer-encoding"))) {
            throw new AssertionError("expected a chunked response, got " + statusLine + " " + headers);
        }
    }

    /** Opens {@code path} (with its query) on {@code base}, with header name-value pairs; answers once headers came. */
    static SseClient connect(URI base, String path, String... headers) {
        return connect(base, path, 0, headers);
    }

    /** As {@link #connect(URI, String, String...)}, with a socket receive buffer of {@code receiveBuffer} bytes. */
    static SseClient connect(URI base, String path, int receiveBuffer, String... headers) {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nAccept: text/event-stream\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new SseClient(socket, Duration.ofSeconds(10));
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new UncheckedIOException(e);
        }
    }

    /** The next event within {@code timeout}; fails if the stream ends or nothing comes in time. */
    Event next(Duration timeout) {
        return nextOrEnd(timeout).orElseThrow(() -> new AssertionError("the stream ended"));
    }

    /** The next event within {@code timeout}, or empty when the stream ends; fails if nothing comes in time. */
    Optional<Event> nextOrEnd(Duration timeout) {
        deadline = System.nanoTime() + timeout.toNanos();
        String type = null;
        String id = null;
        StringBuilder data = null;
        try {
            for (String line = bodyLine(); line != null; line = bodyLine()) {
                if (line.isEmpty()) {
                    if (data != null || type != null) {
                        return Optional.of(new Event(type, id, data == null ? "" : data.toString()));
                    }
                } else if (!line.startsWith(":")) { // comments are recorded as they are read
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "event" -> type = value;
                        case "id" -> id = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n')
                                .append(value);
                        default -> {
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no event within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every event up to and including the first that {@code last} accepts, all within {@code timeout}. */
    List<Event> until(Predicate<Event> last, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        List<Event> events = new ArrayList<>();
        while (true) {
            Event event = next(Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime())));
            events.add(event);
            if (last.test(event)) {
                return events;
            }
        }
    }

    /** The next comment line (a heartbeat) within {@code timeout}, skipping events. */
    String nextComment(Duration timeout) {
        int seen = comments.size();
        long end = System.nanoTime() + timeout.toNanos();
        while (comments.size() == seen) {
            deadline = end;
            try {
                if (bodyLine() == null) {
                    throw new AssertionError("the stream ended");
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no comment within " + timeout.toMillis() + " ms");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return comments.get(seen);
    }

    // ---- HTTP/1.1 chunked body, line by line ----

    /** The next line of the body (without its end), recording comments; null at the end of the body. */
    private String bodyLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = bodyByte();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                if (text.startsWith(":")) {
                    comments.add(text);
                }
                return text;
            }
            line.write(b);
        }
    }

    private int bodyByte() throws IOException {
        if (ended) {
            return -1;
        }
        if (chunkLeft == 0) {
            String size = line();
            if (size.isEmpty()) {
                size = line(); // the CRLF that ends the previous chunk
            }
            chunkLeft = Long.parseLong(size.split(";")[0].strip(), 16);
            if (chunkLeft == 0) {
                ended = true;
                return -1;
            }
        }
        chunkLeft--;
        return rawByte();
    }

    /** A header or chunk-size line (CRLF-terminated) of the raw response. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = rawByte(); b != '\n'; b = rawByte()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of the response");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private int rawByte() throws IOException {
        if (position == limit) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            limit = in.read(buffer);
            position = 0;
            if (limit < 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
