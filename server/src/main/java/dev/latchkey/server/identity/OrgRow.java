package dev.latchkey.server.identity;

/** A row of {@code orgs}; JSON columns are kept as text until a view needs them. */
public record OrgRow(
    String id,
    String name,
    String slug,
    boolean canSetupSaml,
    boolean isSamlConfigured,
    boolean isSamlInTestMode,
    Integer maxUsers,
    String metadata,
    String domain,
    String extraDomains,
    boolean domainAutojoin,
    boolean domainRestrict,
    String customRoleMappingName,
    String legacyOrgId,
    String require2faBy,
    boolean passwordRotationEnabled,
    Integer passwordRotationHistorySize,
    Integer passwordRotationPeriod,
    long createdAt) {}
