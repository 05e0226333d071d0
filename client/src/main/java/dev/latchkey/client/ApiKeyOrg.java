package dev.latchkey.client;

import java.util.Map;

/**
 * The organization of an org API key, as validation returns it. Immutable and thread-safe.
 *
 * @param orgId the organization's id
 * @param orgName its name
 * @param canSetupSaml whether it may set up a SAML connection
 * @param maxUsers its member limit, or null for none
 * @param isSamlConfigured whether a SAML connection is configured
 * @param legacyOrgId its id in a system it was migrated from, or null
 * @param metadata its free-form metadata; unmodifiable, empty if none
 * @param customRoleMappingName its custom role mapping, or null
 */
public record ApiKeyOrg(
    String orgId,
    String orgName,
    boolean canSetupSaml,
    Integer maxUsers,
    boolean isSamlConfigured,
    String legacyOrgId,
    Map<String, Object> metadata,
    String customRoleMappingName) {

  /** Copies the metadata; null becomes an empty map. */
  public ApiKeyOrg {
    metadata = Copies.json(metadata);
  }
}
