package dev.interlude.engine.handler;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body kept up to a bound: the first {@code limit} bytes as UTF-8 text, the rest read and dropped so the
 * connection drains and memory stays bounded. HTTP task handlers keep their results this way; webhook deliveries
 * keep the start of a receiver's error answer.
 */
public record BoundedBody(String text, long totalBytes, boolean truncated) {

    public static HttpResponse.BodyHandler<BoundedBody> handler(int limit) {
        return info -> new Subscriber(limit);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<BoundedBody> {
        private final byte[] kept;
        private int size;
        private long total;
        private final CompletableFuture<BoundedBody> body = new CompletableFuture<>();

        Subscriber(int limit) {
            this.kept = new byte[limit];
        }

        @Override
        public CompletionStage<BoundedBody> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int n = buffer.remaining();
                total += n;
                int take = Math.min(n, kept.length - size);
                buffer.get(kept, size, take);
                size += take;
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(new BoundedBody(new String(kept, 0, size, StandardCharsets.UTF_8), total, total > size));
        }
    }
}
