package dev.latchkey.client;

import java.util.Map;

/**
 * An organization as listed by {@code fetchOrgByQuery}. Immutable and thread-safe.
 *
 * @param orgId the organization's id
 * @param name the name
 * @param urlSafeOrgSlug the URL-safe form of the name
 * @param maxUsers the member limit, or null for none
 * @param isSamlConfigured whether a SAML connection is configured
 * @param legacyOrgId the id in a system the organization was migrated from, or null
 * @param metadata free-form metadata; unmodifiable, empty if none
 * @param customRoleMappingName the custom role mapping, or null
 * @param domain the organization's email domain, or null
 * @param createdAt when the organization was created, in unix seconds
 */
public record OrgSummary(
    String orgId,
    String name,
    String urlSafeOrgSlug,
    Integer maxUsers,
    boolean isSamlConfigured,
    String legacyOrgId,
    Map<String, Object> metadata,
    String customRoleMappingName,
    String domain,
    long createdAt) {

  /** Copies the metadata; null becomes an empty map. */
  public OrgSummary {
    metadata = Copies.json(metadata);
  }
}
