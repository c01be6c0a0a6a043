package dev.interlude.engine;

/**
 * Marks the engine's messages, events and snapshots for Jackson CBOR serialization (bound in serialization.conf).
 * Nothing in Interlude uses Java serialization.
 */
public interface CborSerializable {
}
