package dev.latchkey.server.identity;

import java.util.List;

/** A pending invitation of an email address into an org. */
public record InviteRow(
    String id,
    String orgId,
    String orgName,
    String email,
    String role,
    List<String> additionalRoles,
    String inviterUserId,
    String inviterEmail,
    long createdAt,
    long expiresAt) {}
