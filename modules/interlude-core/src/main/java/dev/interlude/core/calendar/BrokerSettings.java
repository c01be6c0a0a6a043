package dev.interlude.core.calendar;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where to fetch a broker's calendar (the Alpaca {@code GET /v2/calendar} shape): the base URL, the optional API key
 * id and secret, the request timeout, and how many days one fetch covers ({@code cacheDays}, counted from January 1
 * of the requested date's year; 366 fetches whole years). The secret never appears in {@link #toString()}.
 */
public record BrokerSettings(boolean enabled, URI url, String keyId, String secret, Duration timeout, int cacheDays) {

    public BrokerSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        keyId = keyId == null ? "" : keyId;
        secret = secret == null ? "" : secret;
        if (cacheDays < 1) {
            throw new IllegalArgumentException("cache-days must be at least 1, got " + cacheDays);
        }
    }

    /** True when requests carry the key id and secret headers. */
    public boolean authenticated() {
        return !keyId.isBlank();
    }

    @Override
    public String toString() {
        return "BrokerSettings[enabled=" + enabled + ", url=" + url + ", keyId=" + keyId
                + ", secret=" + (secret.isEmpty() ? "" : "***") + ", timeout=" + timeout + ", cacheDays=" + cacheDays
                + "]";
    }
}
