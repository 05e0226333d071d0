package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * An organization as {@code fetchOrg} returns it. Immutable and thread-safe; collections are
 * unmodifiable and never null.
 *
 * @param orgId the organization's id, a lower-case UUID
 * @param name the name, unique among organizations
 * @param urlSafeOrgSlug the URL-safe form of the name
 * @param canSetupSaml whether the organization may set up a SAML connection
 * @param isSamlConfigured whether a SAML connection is configured
 * @param isSamlInTestMode whether the SAML connection is in test mode
 * @param maxUsers the member limit, or null for none
 * @param metadata free-form metadata; empty if none
 * @param domain the organization's email domain, or null
 * @param extraDomains further email domains; empty if none
 * @param domainAutojoin whether users with a confirmed address at the domain join automatically
 * @param domainRestrict whether members must have an address at the organization's domains
 * @param customRoleMappingName the custom role mapping, or null
 * @param legacyOrgId the id in a system the organization was migrated from, or null
 * @param require2faBy from when members must use two-factor authentication, or null
 * @param passwordRotationEnabled whether members must rotate their passwords
 * @param passwordRotationHistorySize how many old passwords may not be reused, or null
 * @param passwordRotationPeriod the rotation period in days, or null
 * @param createdAt when the organization was created, in unix seconds
 */
public record Organization(
    String orgId,
    String name,
    String urlSafeOrgSlug,
    boolean canSetupSaml,
    boolean isSamlConfigured,
    boolean isSamlInTestMode,
    Integer maxUsers,
    Map<String, Object> metadata,
    String domain,
    List<String> extraDomains,
    boolean domainAutojoin,
    boolean domainRestrict,
    String customRoleMappingName,
    String legacyOrgId,
    @JsonProperty("require_2fa_by") OffsetDateTime require2faBy,
    boolean passwordRotationEnabled,
    Integer passwordRotationHistorySize,
    Integer passwordRotationPeriod,
    long createdAt) {

  /** Copies every collection; nulls become empty collections. */
  public Organization {
    metadata = Copies.json(metadata);
    extraDomains = Copies.list(extraDomains);
  }
}
