package dev.interlude.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Credentials in request headers never reach the node's log, even when the header is malformed and Pekko cannot parse
 * it (it used to log "Illegal header: ... Bearer <token>" verbatim). The node's whole log output is captured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretHeadersLogTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Logger root;
    private TestNode node;

    @BeforeAll
    void start() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        node = TestNode.start();
    }

    @AfterAll
    void stop() {
        node.close();
        root.detachAppender(logged);
    }

    @Test
    void a_malformed_authorization_header_is_refused_and_the_token_in_it_is_never_logged() throws Exception {
        int port = node.base.getPort();
        String token = TestNode.TOKEN;
        RawHttp.Response refused = RawHttp.send(port, RawHttp.request("POST", "/api/v1/stop",
                List.of(new String[] {"Authorization", "Bearer wrong, Bearer " + token},
                        new String[] {"Content-Type", "application/json"}),
                "{\"reason\": \"x\"}".getBytes()));
        assertEquals(401, refused.status(), refused.text());
        assertEquals("application/problem+json", refused.contentType());
        assertFalse(node.state().stopped());

        // The other headers that carry credentials, malformed in ways Pekko's header models refuse.
        List<String[]> secrets = List.of(
                new String[] {"Proxy-Authorization", "Basic, " + token + " =="},
                new String[] {"Authorization", "Bearer " + token + " \"quoted\", Basic"},
                new String[] {"Cookie", "session=" + token + "; ==;; \"" + token + "\""},
                new String[] {"X-Api-Key", token + " , \u0001"},
                new String[] {"Set-Cookie", "id=" + token + "; Expires=never"});
        for (String[] secret : secrets) {
            RawHttp.Response answer = RawHttp.send(port, RawHttp.request("GET", "/api/v1/status",
                    List.<String[]>of(secret), new byte[0]));
            assertTrue(answer.status() == 200 || answer.status() == 400, secret[0] + ": " + answer.status());
        }

        // Pekko logs through one logger actor, in order: once a line logged after the requests is in, so is all that
        // the requests made it log. An illegal header that is no secret is still logged, as the operator's clue.
        String marker = "marker-" + UUID.randomUUID();
        RawHttp.send(port, RawHttp.request("GET", "/api/v1/status",
                List.<String[]>of(new String[] {"If-Modified-Since", "not a date " + marker}), new byte[0]));
        String afterwards = "after-" + UUID.randomUUID();
        node.kit.system().classicSystem().log().warning(afterwards);
        TestProbe<Object> probe = node.kit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            assertTrue(text().contains(afterwards), "the node's log output is captured");
            return null;
        });
        String all = text();
        assertTrue(all.contains("Illegal header"), all);
        assertFalse(all.contains(token), "the token reached the log:\n" + all);
    }

    private String text() {
        List<ILoggingEvent> events;
        synchronized (logged) { // logback appends holding the appender's lock
            events = List.copyOf(logged.list);
        }
        return events.stream().map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }
}
