package dev.latchkey.client;

/**
 * A mail kept in the development outbox (the server has no SMTP server configured). Immutable and
 * thread-safe.
 *
 * @param id the message's sequence number
 * @param createdAt when it was sent, in unix seconds
 * @param to the recipient's address
 * @param subject the subject line
 * @param body the plain-text body, links included
 */
public record OutboxMessage(long id, long createdAt, String to, String subject, String body) {}
