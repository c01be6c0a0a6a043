package dev.interlude.http.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.interlude.engine.status.StatusEvent;
import dev.interlude.http.Api;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a delivery carries: the JSON body, and the headers that let a receiver check it came from this node.
 *
 * <h2>Body</h2>
 * <pre>{@code
 * {"id": 42000, "type": "run.abandoned", "at": "2026-03-02T23:14:05.120Z", "node": "interlude@10.0.0.5:25520",
 *  "task": "nightly_backtest", "runId": "nightly_backtest-...", "attempt": 3,
 *  "details": {"reason": "exit code 2"}}
 * }</pre>
 * {@code id} is the status event's sequence number (the same in {@code X-Interlude-Delivery}, and on every retry of
 * the delivery: receivers use it to ignore duplicates); {@code task}, {@code runId} and {@code attempt} are
 * {@code null} when the event concerns none; {@code details} are the status event's (short strings, never secrets).
 *
 * <h2>Signature</h2>
 * {@code X-Interlude-Signature: sha256=<hex>} is the lower-case hex HMAC-SHA256, keyed with the endpoint's secret
 * (its UTF-8 bytes), of the {@code X-Interlude-Timestamp} value (Unix seconds, as decimal text), a {@code .}, and
 * the exact bytes of the body. Each attempt is signed anew with its own timestamp, so a receiver that rejects
 * timestamps more than a few minutes old, and ids it has already seen, cannot be replayed to.
 */
public final class WebhookPayload {

    public static final String EVENT_HEADER = "X-Interlude-Event";
    public static final String DELIVERY_HEADER = "X-Interlude-Delivery";
    public static final String ATTEMPT_HEADER = "X-Interlude-Attempt";
    public static final String TIMESTAMP_HEADER = "X-Interlude-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Interlude-Signature";

    private WebhookPayload() {
    }

    /** The body of the delivery of {@code event} as {@code type}, sent by {@code node}. */
    public static byte[] body(StatusEvent event, WebhookEvent type, String node) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.sequence());
        body.put("type", type.id());
        body.put("at", event.at().toString());
        body.put("node", node);
        body.put("task", event.task().orElse(null));
        body.put("runId", event.runId().orElse(null));
        body.put("attempt", event.attempt().isPresent() ? event.attempt().getAsInt() : null);
        body.put("details", event.details());
        try {
            return Api.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status event is always JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The {@value #SIGNATURE_HEADER} value of {@code body} sent at {@code timestamp} (Unix seconds). */
    public static String signature(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
