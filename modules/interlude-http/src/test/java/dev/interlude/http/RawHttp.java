package dev.interlude.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as bytes over a socket, for requests no well-behaved client would send: malformed headers, request lines
 * and bodies, as they are written. One request per connection ({@code Connection: close}); the answer is read as
 * its framing says.
 */
final class RawHttp {

    /** An answer: its status, headers (names in lower case) and body (chunked bodies decoded). */
    record Response(int status, Map<String, String> headers, byte[] body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /**
     * A request: the request line, {@code Host}, {@code headers} as given (name, value pairs), {@code Connection:
     * close}, and {@code Content-Length} for {@code body} unless the headers set it or {@code Transfer-Encoding}.
     */
    static byte[] request(String method, String target, List<String[]> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        boolean framed = false;
        for (String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            String name = header[0].toLowerCase(Locale.ROOT);
            framed |= name.equals("content-length") || name.equals("transfer-encoding");
        }
        if (!framed && (body.length > 0 || method.equals("POST") || method.equals("PUT"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    /**
     * Sends {@code request} as it is and reads the answer.
     *
     * @throws IOException when the node closes the connection without an answer, or does not answer in 10 s
     */
    static Response send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            boolean head = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1)
                    .equals("HEAD ");
            return read(new BufferedInputStream(socket.getInputStream()), head);
        }
    }

    /**
     * Reads one answer: its head, then as many bytes as its {@code Content-Length} says, or its chunks, or (with
     * neither) all until the connection closes. The connection may stay open after it (when the request's
     * {@code Connection: close} was not understood): the answer is complete all the same.
     */
    private static Response read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        while (!endsWith(start, "\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed without a complete answer (" + start.size()
                        + " bytes)");
            }
            start.write(b);
        }
        String[] lines = start.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        byte[] body;
        if (head) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(Integer.parseInt(statusLine[1]), headers, body);
    }

    private static boolean endsWith(ByteArrayOutputStream bytes, String end) {
        byte[] data = bytes.toByteArray();
        byte[] suffix = end.getBytes(StandardCharsets.ISO_8859_1);
        return data.length >= suffix.length
                && Arrays.equals(data, data.length - suffix.length, data.length, suffix, 0, suffix.length);
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (!endsWith(line, "\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("a chunked answer ended without its last chunk");
                }
                line.write(b);
            }
            String size = line.toString(StandardCharsets.ISO_8859_1).strip().split(";")[0];
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                in.readNBytes(2);
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }
}
