package dev.latchkey.client;

/**
 * The answer to {@code createOrg}. Immutable and thread-safe.
 *
 * @param orgId the new organization's id, a lower-case UUID
 * @param name its name as stored
 */
public record CreatedOrg(String orgId, String name) {}
