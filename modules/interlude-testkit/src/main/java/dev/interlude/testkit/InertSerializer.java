package dev.interlude.testkit;

import org.apache.pekko.serialization.JSerializer;

/**
 * Stands in for the cluster's distributed-data serializers in a simulation. A simulated node is a single local
 * actor system that sends nothing over the wire, and the real serializers start a cache-cleaning timer every 5 s,
 * which on virtual time would be 70,000 wake-ups over a long weekend for nothing. This one refuses to serialize.
 */
public final class InertSerializer extends JSerializer {

    @Override
    public int identifier() {
        return 0x494E5452; // "INTR"
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object o) {
        throw new UnsupportedOperationException("a simulated node serializes no cluster data: " + o.getClass());
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        throw new UnsupportedOperationException("a simulated node deserializes no cluster data");
    }
}
