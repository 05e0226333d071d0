/**
 * The Latchkey Java SDK: {@link dev.latchkey.client.LatchkeyClient} and the records it sends and
 * returns.
 *
 * <p>Guarantees throughout this package: records are immutable and thread-safe, their collections
 * are unmodifiable and never null (free-form JSON such as metadata included), and a field that is
 * documented as nullable is the only kind that can be null. Request records leave null fields out
 * of the request. Records that hold a secret (a password, a password hash, a new management key)
 * leave it out of {@code toString()}. Every failure of a call is a {@link
 * dev.latchkey.client.LatchkeyException}.
 *
 * <p>Types in {@code dev.latchkey.client.internal} are not API.
 */
package dev.latchkey.client;
