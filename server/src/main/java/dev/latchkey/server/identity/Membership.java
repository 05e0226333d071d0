package dev.latchkey.server.identity;

import java.util.List;

/** A user's place in an org, with the org fields that member entries repeat. */
public record Membership(
    String orgId,
    String userId,
    String role,
    List<String> additionalRoles,
    long joinedAt,
    String orgName,
    String orgSlug,
    String orgMetadata,
    String legacyOrgId) {}
