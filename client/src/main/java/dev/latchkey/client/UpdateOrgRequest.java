package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code updateOrg}: only the non-null fields change. Immutable and thread-safe.
 *
 * @param name a new name, unique among organizations
 * @param canSetupSaml whether the organization may set up a SAML connection
 * @param metadata new free-form metadata, replacing the old; copied, unmodifiable
 * @param maxUsers a new member limit, at least the current number of members
 * @param autojoinByDomain whether users with a confirmed address at the domain join automatically
 * @param restrictToDomain whether members must have an address at the organization's domains
 * @param domain a new email domain
 * @param legacyOrgId a new legacy org id
 * @param require2faBy from when members must use two-factor authentication
 * @param extraDomains further email domains, replacing the old; copied, unmodifiable
 * @param passwordRotationEnabled whether members must rotate their passwords
 * @param passwordRotationHistorySize how many old passwords may not be reused (0 to 100)
 * @param passwordRotationPeriod the rotation period in days (1 to 3650)
 * @param customRoleMappingName a custom role mapping
 */
public record UpdateOrgRequest(
    String name,
    Boolean canSetupSaml,
    Map<String, Object> metadata,
    Integer maxUsers,
    Boolean autojoinByDomain,
    Boolean restrictToDomain,
    String domain,
    String legacyOrgId,
    @JsonProperty("require_2fa_by") OffsetDateTime require2faBy,
    List<String> extraDomains,
    Boolean passwordRotationEnabled,
    Integer passwordRotationHistorySize,
    Integer passwordRotationPeriod,
    String customRoleMappingName) {

  /** Copies the collections. */
  public UpdateOrgRequest {
    metadata = Copies.jsonOrNull(metadata);
    extraDomains = Copies.listOrNull(extraDomains);
  }

  /** A builder with nothing to change yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of an {@link UpdateOrgRequest}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private Boolean canSetupSaml;
    private Map<String, Object> metadata;
    private Integer maxUsers;
    private Boolean autojoinByDomain;
    private Boolean restrictToDomain;
    private String domain;
    private String legacyOrgId;
    private OffsetDateTime require2faBy;
    private List<String> extraDomains;
    private Boolean passwordRotationEnabled;
    private Integer passwordRotationHistorySize;
    private Integer passwordRotationPeriod;
    private String customRoleMappingName;

    private Builder() {}

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder canSetupSaml(boolean value) {
      this.canSetupSaml = value;
      return this;
    }

    public Builder metadata(Map<String, Object> value) {
      this.metadata = value;
      return this;
    }

    public Builder maxUsers(int value) {
      this.maxUsers = value;
      return this;
    }

    public Builder autojoinByDomain(boolean value) {
      this.autojoinByDomain = value;
      return this;
    }

    public Builder restrictToDomain(boolean value) {
      this.restrictToDomain = value;
      return this;
    }

    public Builder domain(String value) {
      this.domain = value;
      return this;
    }

    public Builder legacyOrgId(String value) {
      this.legacyOrgId = value;
      return this;
    }

    public Builder require2faBy(OffsetDateTime value) {
      this.require2faBy = value;
      return this;
    }

    public Builder extraDomains(List<String> value) {
      this.extraDomains = value;
      return this;
    }

    public Builder passwordRotationEnabled(boolean value) {
      this.passwordRotationEnabled = value;
      return this;
    }

    public Builder passwordRotationHistorySize(int value) {
      this.passwordRotationHistorySize = value;
      return this;
    }

    public Builder passwordRotationPeriod(int value) {
      this.passwordRotationPeriod = value;
      return this;
    }

    public Builder customRoleMappingName(String value) {
      this.customRoleMappingName = value;
      return this;
    }

    public UpdateOrgRequest build() {
      return new UpdateOrgRequest(
          name,
          canSetupSaml,
          metadata,
          maxUsers,
          autojoinByDomain,
          restrictToDomain,
          domain,
          legacyOrgId,
          require2faBy,
          extraDomains,
          passwordRotationEnabled,
          passwordRotationHistorySize,
          passwordRotationPeriod,
          customRoleMappingName);
    }
  }
}
