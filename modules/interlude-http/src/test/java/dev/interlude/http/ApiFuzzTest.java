package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interlude.engine.supervisor.SupervisorState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A generated fuzz suite for the API: {@value #CASES} malformed requests from a fixed seed, against every route of
 * a real node on loopback, sent as raw bytes. Each is built from a valid request with at least one defect (a body
 * mutated: wrong types, nulls, deep nesting, huge strings, trailing garbage, bad UTF-8, duplicate keys; a bad
 * content type; an unknown, repeated, empty or out-of-range query parameter; a bad path or method; a bad or missing
 * token; an oversized body; a malformed request line or header). Every answer must be a 4xx problem document (never
 * a 5xx, never a closed connection without an answer), the node must still be alive afterwards, and the
 * supervisor's catalog changes, stop, approvals, denials and queue must be as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzTest {

    static final long SEED = 20261121L;
    static final int CASES = 1200;

    /** A Wednesday at 11:00 in New York: trading hours, so nothing due starts on its own during the suite. */
    private static final Instant WEDNESDAY_MORNING = Instant.parse("2026-11-18T16:00:00Z");

    private static final String TOKEN = TestNode.TOKEN;
    private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
    private static final String[] JSON = {"Content-Type", "application/json"};

    /** A request a route would act on; each case spoils it at least once. */
    record Valid(String method, String path, String body, List<String> params) {
    }

    /** One malformed request: its kind (for the report) and its bytes. */
    record Case(String kind, String shown, byte[] bytes) {
    }

    private static final List<Valid> MUTATING = List.of(
            new Valid("POST", "/api/v1/stop", "{\"reason\":\"fuzz\",\"cancelRunning\":false}", List.of()),
            new Valid("POST", "/api/v1/resume", "", List.of()),
            new Valid("POST", "/api/v1/approvals/risky_model/approve", "", List.of()),
            new Valid("POST", "/api/v1/approvals/risky_model/deny", "", List.of()),
            new Valid("POST", "/api/v1/tasks/quick_report/run", "{\"parameters\":{\"desk\":\"rates\"}}", List.of()),
            new Valid("PUT", "/api/v1/tasks/fuzz_task", "{\"priority\":\"LOW\",\"modes\":[\"RESEARCH\"],"
                    + "\"trigger\":{\"type\":\"manual\"},\"handler\":{\"type\":\"simulated\"}}", List.of()),
            new Valid("DELETE", "/api/v1/tasks/after_backtest", "", List.of()),
            new Valid("POST", "/api/v1/tasks/quick_report/disable", "", List.of()),
            new Valid("POST", "/api/v1/tasks/retired_export/enable", "", List.of()));

    private static final List<Valid> WITH_BODY = MUTATING.stream().filter(v -> !v.body().isEmpty()).toList();

    private static final List<Valid> READS = List.of(
            new Valid("GET", "/", "", List.of()),
            new Valid("GET", "/dashboard", "", List.of()),
            new Valid("GET", "/health/alive", "", List.of()),
            new Valid("GET", "/health/ready", "", List.of()),
            new Valid("GET", "/metrics", "", List.of()),
            new Valid("GET", "/api/v1/status", "", List.of()),
            new Valid("GET", "/api/v1/queue", "", List.of("all")),
            new Valid("GET", "/api/v1/approvals", "", List.of()),
            new Valid("GET", "/api/v1/calendar", "", List.of("from", "to")),
            new Valid("GET", "/api/v1/budget", "", List.of("at")),
            new Valid("GET", "/api/v1/plan", "", List.of("hours")),
            new Valid("GET", "/api/v1/runs", "", List.of("since", "task", "status", "limit", "cursor")),
            new Valid("GET", "/api/v1/metrics", "", List.of("since")),
            new Valid("GET", "/api/v1/health", "", List.of()),
            new Valid("GET", "/api/v1/tasks", "", List.of()),
            new Valid("GET", "/api/v1/tasks/quick_report", "", List.of()),
            new Valid("GET", "/api/v1/events", "", List.of("types")));

    /** A valid value of each parameter, and values each of which is refused. */
    private static final Map<String, String> GOOD = Map.ofEntries(Map.entry("all", "true"),
            Map.entry("from", "2026-12-01"), Map.entry("to", "2026-12-31"), Map.entry("at", "2026-12-24T20:00"),
            Map.entry("hours", "1"), Map.entry("since", "24h"), Map.entry("task", "quick_report"),
            Map.entry("status", "failed"), Map.entry("limit", "5"), Map.entry("cursor", cursor("before:5")),
            Map.entry("types", "alert"));
    private static final Map<String, List<String>> BAD = Map.ofEntries(
            Map.entry("all", List.of("yes", "1", "TRUE", "false,true", "on")),
            Map.entry("from", List.of("2026-02-30", "26-12-01", "+999999999-12-31", "1899-12-31", "tomorrow",
                    "2026-12-01T00:00", "-999999999-01-01")),
            Map.entry("to", List.of("2026-13-01", "2199-12-32", "+999999999-12-31", "2200-01-01", "2025-12-31",
                    "2028-01-01", "12/31/2026")),
            Map.entry("at", List.of("yesterday", "2026-13-01T00:00Z", "-999999999-01-01T00:00Z", "1899-12-31T23:59Z",
                    "2200-01-01T00:00Z", "2026-11-18T25:00", "12:00", "now+1h", "+999999999-12-31T23:59:59Z")),
            Map.entry("hours", List.of("0", "-1", "745", "abc", "1e9", "NaN", "Infinity", "0.0001",
                    "99999999999999999999999", "1,5", "-0")),
            Map.entry("since", List.of("-1h", "99999d", "yesterday", "PT-1H", "2099-01-01T00:00Z",
                    "-999999999-01-01T00:00Z", "1x", "24", "0s", "999999999w", "PT9999999999999999H")),
            Map.entry("task", List.of("no_such_task", "Bad.Name", "../quick_report")),
            Map.entry("status", List.of("done", "ok", "failed,running", "*")),
            Map.entry("limit", List.of("0", "1001", "-5", "ten", "1.5", "99999999999", "0x10", "5x")),
            Map.entry("cursor", List.of("not-a-cursor", cursor("before:-1"), cursor("foo:1"), cursor("before:0"),
                    cursor("before:99999999999999999999"), "$$$")),
            Map.entry("types", List.of("nope", "alert,,run.failed", "run.failed,nope", ",", "ALERT", "alert,")));
    private static final List<String> UNKNOWN_PARAMS = List.of("bogus", "verbose", "q", "debug", "limit", "since",
            "at", "x".repeat(300), "%C3%BC", "a%20b", "", "types%5B%5D", "Hours", "token");

    private static final List<String> BAD_TYPES = List.of("", "text/plain", "application/x-www-form-urlencoded",
            "application/xml", "application/json-patch+json", "multipart/form-data; boundary=x",
            "application/octet-stream", "text/json", "json", "application/ json", ";;;");

    /** Tokens refused. ("Bearer\t<token>" is not here: Pekko's model of the header reads it as the right token.) */
    private static final List<String[]> BAD_AUTH = List.of(new String[0],
            new String[] {"Authorization", "Bearer wrong"},
            new String[] {"Authorization", "Bearer " + TOKEN + "x"},
            new String[] {"Authorization", "Bearer " + TOKEN.substring(1)},
            new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(("api:" + TOKEN).getBytes())},
            new String[] {"Authorization", "Bearer"},
            new String[] {"Authorization", "Token " + TOKEN},
            new String[] {"Authorization", TOKEN},
            new String[] {"Authorization", "Bearer wrong, Bearer " + TOKEN},
            new String[] {"Authorization", "Bearer " + TOKEN.toUpperCase()},
            new String[] {"Authorization", ""},
            new String[] {"Proxy-Authorization", "Bearer " + TOKEN},
            new String[] {"X-Api-Key", TOKEN});

    private TestNode node;
    private int port;

    @BeforeAll
    void start() {
        node = TestNode.startAt(WEDNESDAY_MORNING);
        port = node.base.getPort();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void a_thousand_malformed_requests_are_each_answered_4xx_and_change_nothing() throws Exception {
        List<Case> cases = cases(new Random(SEED));
        assertTrue(cases.size() >= 1000, "cases: " + cases.size());
        SupervisorState before = node.state();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        long started = System.nanoTime();
        for (Case c : cases) {
            byKind.merge(c.kind(), 1, Integer::sum);
            String problem;
            try {
                RawHttp.Response answer = RawHttp.send(port, c.bytes());
                byStatus.merge(answer.status(), 1, Integer::sum);
                problem = check(answer);
            } catch (IOException e) {
                byStatus.merge(0, 1, Integer::sum);
                problem = "no answer: " + e.getMessage();
            }
            if (problem != null && wrong.size() < 100) {
                wrong.add(c.kind() + " " + c.shown() + " -> " + problem);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("ApiFuzzTest: %d requests (seed %d) in %d ms; by status %s; by kind %s%n", cases.size(),
                SEED, took.toMillis(), byStatus, byKind);

        assertEquals("", String.join("\n", wrong));
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "took " + took);
        assertEquals(200, node.get("/health/alive").statusCode());
        SupervisorState after = node.state();
        assertEquals(before.catalogChanges(), after.catalogChanges());
        assertEquals(before.stop(), after.stop());
        assertEquals(before.approvals(), after.approvals());
        assertEquals(before.denials(), after.denials());
        assertEquals(before.awaiting(), after.awaiting());
        assertEquals(before.requests(), after.requests());
        assertEquals(before.retries(), after.retries());
    }

    @Test
    void requests_pekko_cannot_parse_are_answered_with_a_problem_document() throws Exception {
        for (String raw : List.of("GET /api/v1/status?a=b c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "FOO /api/v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/status HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
            RawHttp.Response answer = RawHttp.send(port, raw.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(400, answer.status(), raw);
            assertEquals(null, check(answer), raw);
        }
    }

    /** What is wrong with an answer to a malformed request; {@code null} when it is right. */
    private static String check(RawHttp.Response answer) {
        if (answer.status() < 400 || answer.status() > 499) {
            return answer.status() + " " + abbreviated(answer.text());
        }
        if (answer.body().length == 0) {
            return null; // HEAD
        }
        if (!answer.contentType().equals("application/problem+json")) {
            return answer.status() + " as " + answer.contentType() + ": " + abbreviated(answer.text());
        }
        try {
            JsonNode problem = Api.JSON.readTree(answer.body());
            if (problem.path("status").asInt() != answer.status() || problem.path("detail").asText().isBlank()) {
                return "a problem document without its status or detail: " + abbreviated(answer.text());
            }
        } catch (IOException e) {
            return "a problem document that is not JSON: " + abbreviated(answer.text());
        }
        return null;
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    // ---- the cases ----

    private List<Case> cases(Random random) {
        List<Function<Random, Case>> kinds = List.of(this::mutatedBody, this::mutatedBody, this::mutatedBody,
                this::badContentType, this::bodyWhereNone, this::badToken, this::badQuery, this::badQuery,
                this::mutatingWithQuery, this::badPath, this::oversized, this::malformedHttp, this::badEventId);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(kinds.get(i % kinds.size()).apply(random));
        }
        return cases;
    }

    /** A route with a body, its body mutated so that it is no longer acceptable. */
    private Case mutatedBody(Random random) {
        Valid route = pick(random, WITH_BODY);
        ObjectNode body = (ObjectNode) tree(route.body());
        int mutation = random.nextInt(10);
        byte[] bytes = switch (mutation) {
            case 0 -> utf8(wrongType(random, body));
            case 1 -> utf8(replaceAt(random, body, Api.JSON.nullNode()));
            case 2 -> utf8(deep(random, body));
            case 3 -> utf8(replaceAt(random, body, Api.JSON.getNodeFactory().textNode(
                    "x".repeat(66_000 + random.nextInt(30_000)))));
            case 4 -> utf8(route.body() + pick(random, List.of("garbage", "}", "]", ",", "{}", "x", "\u0000", "//c",
                    "\"", "1", "null", "{\"reason\":\"again\"}")));
            case 5 -> utf8(duplicated(random, route.body(), body));
            case 6 -> utf8(pick(random, List.of("null", "[]", "5", "\"x\"", "true", "false", "[" + route.body() + "]",
                    Api.JSON.getNodeFactory().textNode(route.body()).toString(), "-0.5e3", "  \t\n ")));
            case 7 -> utf8(withUnknownField(random, body));
            case 8 -> utf8(route.body().substring(0, 1 + random.nextInt(route.body().length() - 2)));
            default -> notUtf8(random, route.body());
        };
        return request("body-" + MUTATIONS[mutation], route.method(), route.path(), List.of(AUTH, JSON), bytes);
    }

    private static final String[] MUTATIONS = {"wrong-type", "null", "deep", "huge-string", "trailing-garbage",
        "duplicate-key", "not-an-object", "unknown-field", "truncated", "bad-utf8"};

    /** A value of another JSON type than the one at a random place in the body. */
    private static String wrongType(Random random, ObjectNode body) {
        List<List<Object>> paths = paths(body, new ArrayList<>(), new ArrayList<>());
        List<Object> path = pick(random, paths);
        JsonNode current = at(body, path);
        List<JsonNode> others = new ArrayList<>();
        for (String candidate : List.of("5", "-1.5", "true", "false", "[]", "[\"x\"]", "{}", "{\"x\":1}", "\"str\"",
                "0")) {
            JsonNode value = tree(candidate);
            if (value.getNodeType() != current.getNodeType() && !(current.isTextual() && value.isTextual())) {
                others.add(value);
            }
        }
        return replace(body.deepCopy(), path, pick(random, others)).toString();
    }

    private static String replaceAt(Random random, ObjectNode body, JsonNode value) {
        List<List<Object>> paths = paths(body, new ArrayList<>(), new ArrayList<>());
        return replace(body.deepCopy(), pick(random, paths), value).toString();
    }

    /** A value at a random place replaced by arrays and objects nested 33 to 6,000 deep. */
    private static String deep(Random random, ObjectNode body) {
        int depth = 33 + random.nextInt(6000);
        boolean arrays = random.nextBoolean();
        String nested = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
        List<List<Object>> paths = paths(body, new ArrayList<>(), new ArrayList<>());
        String marker = "\"@@deep@@\"";
        return replace(body.deepCopy(), pick(random, paths), tree(marker)).toString().replace(marker, nested);
    }

    /** A key of the body's top level (or of one of its objects) given a second time. */
    private static String duplicated(Random random, String text, ObjectNode body) {
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        String key = pick(random, keys);
        String again = ",\"" + key + "\":" + body.get(key);
        int close = text.lastIndexOf('}');
        return random.nextBoolean() ? text.substring(0, close) + again + "}"
                : "{\"" + key + "\":" + body.get(key) + "," + text.substring(1);
    }

    private static String withUnknownField(Random random, ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        copy.set(pick(random, List.of("cancel", "Reason", "params", "bogus", "x".repeat(5000), "", "reason ",
                "\u00fcber")), tree(pick(random, List.of("1", "true", "\"x\"", "{}", "[]"))));
        return copy.toString();
    }

    /** The body with bytes that are not UTF-8 inside one of its strings. */
    private static byte[] notUtf8(Random random, String body) {
        byte[][] sequences = {{(byte) 0xff}, {(byte) 0x80}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xfe, (byte) 0xfe}, {(byte) 0xc3}};
        byte[] text = utf8(body);
        List<Integer> insideStrings = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '"') {
                inString = !inString;
            } else if (inString) {
                insideStrings.add(i);
            }
        }
        int at = pick(random, insideStrings);
        byte[] bad = sequences[random.nextInt(sequences.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(text, 0, at);
        out.writeBytes(bad);
        out.write(text, at, text.length - at);
        return out.toByteArray();
    }

    /** A valid body with a content type other than application/json (or none). */
    private Case badContentType(Random random) {
        Valid route = pick(random, WITH_BODY);
        String type = pick(random, BAD_TYPES);
        List<String[]> headers = type.isEmpty() ? List.<String[]>of(AUTH) : List.of(AUTH,
                new String[] {"Content-Type", type});
        return request("content-type", route.method(), route.path(), headers, utf8(route.body()));
    }

    /** A route that takes no body, given one. */
    private Case bodyWhereNone(Random random) {
        Valid route = pick(random, MUTATING.stream().filter(v -> v.body().isEmpty()).toList());
        String body = pick(random, List.of("{}", "{\"reason\":\"x\"}", "null", "x", "[]", "0"));
        return request("body-where-none", route.method(), route.path(), List.of(AUTH, JSON), utf8(body));
    }

    /** A valid change, with a missing, wrong or malformed token. */
    private Case badToken(Random random) {
        Valid route = pick(random, MUTATING);
        String[] auth = pick(random, BAD_AUTH);
        List<String[]> headers = new ArrayList<>();
        if (auth.length > 0) {
            headers.add(auth);
        }
        if (random.nextInt(4) == 0) { // the right token after a wrong one: the first counts
            headers.add(0, new String[] {"Authorization", "Bearer wrong"});
            headers.add(AUTH);
        }
        headers.add(JSON);
        return request("token", route.method(), route.path(), headers, utf8(route.body()));
    }

    /** A read with an unknown, repeated, empty or out-of-range query parameter. */
    private Case badQuery(Random random) {
        Valid route = pick(random, READS);
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : route.params()) {
            if (name.equals("from") || name.equals("to") || random.nextBoolean()) {
                params.put(name, GOOD.get(name));
            }
        }
        List<String> query = params.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.toCollection(ArrayList::new));
        int defect = route.params().isEmpty() ? 0 : random.nextInt(4);
        String kind;
        switch (defect) {
            case 0 -> {
                String name = pick(random, UNKNOWN_PARAMS.stream().filter(n -> !route.params().contains(n)).toList());
                query.add(random.nextInt(query.size() + 1), name + "=" + pick(random, List.of("1", "", "x")));
                kind = "query-unknown";
            }
            case 1 -> {
                String name = pick(random, route.params());
                query.add(name + "=" + encode(random.nextBoolean() ? GOOD.get(name) : pick(random, BAD.get(name))));
                query.add(random.nextInt(query.size()), name + "=" + encode(GOOD.get(name)));
                kind = "query-repeated";
            }
            case 2 -> {
                String name = pick(random, route.params());
                query.removeIf(p -> p.startsWith(name + "="));
                query.add(name + pick(random, List.of("=", "", "=%20", "=%09")));
                kind = "query-empty";
            }
            default -> {
                String name = pick(random, route.params());
                query.removeIf(p -> p.startsWith(name + "="));
                query.add(name + "=" + encode(pick(random, BAD.get(name))));
                kind = "query-value";
            }
        }
        return request(kind, "GET", route.path() + "?" + String.join("&", query), List.of(), new byte[0]);
    }

    /** A valid change with the token, and a query parameter (no mutating route takes one). */
    private Case mutatingWithQuery(Random random) {
        Valid route = pick(random, MUTATING);
        String query = pick(random, List.of("bogus=1", "reason=x", "dryRun=true", "=", "a", "token=" + TOKEN,
                "all=true&all=true"));
        return request("query-on-change", route.method(), route.path() + "?" + query, List.of(AUTH, JSON),
                utf8(route.body()));
    }

    /** An unknown path, a method a route does not take, a malformed or over-long target, an unknown task. */
    private Case badPath(Random random) {
        String segment = randomSegment(random);
        List<Object[]> paths = List.of(
                new Object[] {"GET", "/api/v1/" + segment}, new Object[] {"GET", "/api/v2/status"},
                new Object[] {"GET", "/api/v1/status/" + segment}, new Object[] {"GET", "/API/V1/STATUS"},
                new Object[] {"GET", "/api//status"}, new Object[] {"GET", "/api/v1/tasks/quick_report/run"},
                new Object[] {"GET", "/api/v1/stop"}, new Object[] {"PUT", "/api/v1/status"},
                new Object[] {"DELETE", "/api/v1/stop"}, new Object[] {"PATCH", "/api/v1/tasks/quick_report"},
                new Object[] {"POST", "/api/v1/tasks"}, new Object[] {"OPTIONS", "/api/v1/status"},
                new Object[] {"HEAD", "/api/v1/stop"}, new Object[] {"TRACE", "/api/v1/status"},
                new Object[] {"FOO", "/api/v1/status"}, new Object[] {"GET", "/api/v1/tasks/%00"},
                new Object[] {"GET", "/api/v1/tasks/..%2F..%2Fetc%2Fpasswd"},
                new Object[] {"GET", "/api/v1/tasks/%ff%fe"}, new Object[] {"GET", "/api/v1/tasks/" + "a".repeat(3000)},
                new Object[] {"GET", "/api/v1/tasks/a b"}, new Object[] {"GET", "/%zz"}, new Object[] {"GET", "*"},
                new Object[] {"GET", "/api/v1/tasks/quick_report/" + segment},
                new Object[] {"GET", "/api/v1/tasks/no_such_" + segment},
                new Object[] {"PUT", "/api/v1/tasks/Bad.Name"}, new Object[] {"PUT", "/api/v1/tasks/-x"},
                new Object[] {"POST", "/api/v1/approvals/no_such_" + segment + "/approve"},
                new Object[] {"POST", "/api/v1/approvals/no_such_task/deny"},
                new Object[] {"POST", "/api/v1/tasks/no_such_" + segment + "/run"},
                new Object[] {"DELETE", "/api/v1/tasks/no_such_task"},
                new Object[] {"POST", "/api/v1/tasks/no_such_task/enable"},
                new Object[] {"POST", "/api/v1/tasks/quick_report/run/now"},
                new Object[] {"GET", "/dashboard/" + segment}, new Object[] {"GET", "/health/" + segment});
        Object[] path = pick(random, paths);
        String method = (String) path[0];
        byte[] body = method.equals("PUT") ? utf8(MUTATING.get(5).body()) : new byte[0];
        return request("path", method, (String) path[1], List.of(AUTH, JSON), body);
    }

    /** A body over interlude.http.max-body (64 KiB), with a length or chunked. */
    private Case oversized(Random random) {
        Valid route = pick(random, WITH_BODY);
        String body = route.body().replaceFirst("\\{", "{" + " ".repeat(66_000 + random.nextInt(60_000)));
        if (random.nextBoolean()) {
            return request("oversized", route.method(), route.path(), List.of(AUTH, JSON), utf8(body));
        }
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        byte[] bytes = utf8(body);
        for (int at = 0; at < bytes.length; at += 8192) {
            int n = Math.min(8192, bytes.length - at);
            chunked.writeBytes(utf8(Integer.toHexString(n) + "\r\n"));
            chunked.write(bytes, at, n);
            chunked.writeBytes(utf8("\r\n"));
        }
        chunked.writeBytes(utf8("0\r\n\r\n"));
        return request("oversized-chunked", route.method(), route.path(), List.of(AUTH, JSON,
                new String[] {"Transfer-Encoding", "chunked"}), chunked.toByteArray());
    }

    /** A request line or header Pekko cannot parse, or a framing that does not hold. */
    private Case malformedHttp(Random random) {
        Valid route = pick(random, WITH_BODY);
        String body = route.body();
        String auth = "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n";
        String target = route.method() + " " + route.path();
        List<String> raw = List.of(
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Bogus\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Bad Header: x\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "X-Long: " + "a".repeat(9000) + "\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "X-A: 1\r\n".repeat(70) + "Content-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: abc\r\nConnection: close\r\n\r\n" + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: -1\r\nConnection: close\r\n\r\n" + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: " + body.length() + "\r\nContent-Length: "
                        + (body.length() + 1) + "\r\nConnection: close\r\n\r\n" + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: " + body.length()
                        + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n"
                        + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "zz\r\n" + body + "\r\n0\r\n\r\n",
                target + " HTTP/1.1\r\n" + auth + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                        + body,
                target + " HTTP/9.9\r\nHost: x\r\n" + auth + "Content-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body,
                route.method() + "  " + route.path() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GETT " + route.path() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "G\u00c9T /api/v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "X-Bin: \u0001\u0002\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body,
                target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: text/plain\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        String request = pick(random, raw);
        return new Case("http", abbreviated(request.split("\r\n")[0]), request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The status feed with a Last-Event-ID that is not an id of it. */
    private Case badEventId(Random random) {
        String id = pick(random, List.of("-1", "abc", "9".repeat(19), "1.5", "0x10", "1 2", "\u00e9", "+5", "1e3"));
        return request("last-event-id", "GET", "/api/v1/events", List.<String[]>of(new String[] {"Last-Event-ID", id}),
                new byte[0]);
    }

    // ---- helpers ----

    private static Case request(String kind, String method, String target, List<String[]> headers, byte[] body) {
        String shown = method + " " + abbreviated(target) + " " + headers.stream().map(h -> h[0] + ": " + h[1])
                .collect(Collectors.joining(", ", "[", "] ")) + abbreviated(new String(body, StandardCharsets.UTF_8));
        return new Case(kind, shown, RawHttp.request(method, target, headers, body));
    }

    /** The path of every value (not container) in {@code node}; indices as Integers. */
    private static List<List<Object>> paths(JsonNode node, List<Object> at, List<List<Object>> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                List<Object> path = new ArrayList<>(at);
                path.add(f.getKey());
                found.add(path);
                paths(f.getValue(), path, found);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> path = new ArrayList<>(at);
                path.add(i);
                found.add(path);
                paths(node.get(i), path, found);
            }
        }
        return found;
    }

    private static JsonNode at(JsonNode node, List<Object> path) {
        JsonNode current = node;
        for (Object step : path) {
            current = step instanceof Integer i ? current.get(i) : current.get((String) step);
        }
        return current;
    }

    private static JsonNode replace(ObjectNode root, List<Object> path, JsonNode value) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
        return root;
    }

    private static JsonNode tree(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static String randomSegment(Random random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_-.~%20";
        StringBuilder segment = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            segment.append(c == '%' ? "%25" : String.valueOf(c));
        }
        return segment.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
