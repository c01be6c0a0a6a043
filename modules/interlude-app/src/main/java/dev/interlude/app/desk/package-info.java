/**
 * The sample desk: small, real handlers for the shipped catalog ({@code conf/tasks.conf}), so a node started on a
 * fresh clone does observable work. Each handler reads and writes a few small files under a desk directory
 * ({@code settings { dir = "data/desk" }}, relative to {@code INTERLUDE_HOME}), derives its numbers
 * deterministically from the run id (the idempotency key: the same run id writes the same output again, never a
 * second copy), and never touches the network. The market, the broker and the research are made up.
 */
package dev.interlude.app.desk;
