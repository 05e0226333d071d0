package dev.latchkey.client;

import java.util.Objects;

/**
 * The body of {@code createOrg}. Null fields are left out of the request; the two domain switches
 * are always sent, as PropelAuth's clients do. Immutable and thread-safe.
 *
 * @param name the organization's name, unique among organizations; required
 * @param enableAutoJoiningByDomain whether users with a confirmed address at {@code domain} join
 *     automatically
 * @param membersMustHaveMatchingDomain whether members must have an address at {@code domain}
 * @param domain the organization's email domain; required when either switch is on
 * @param maxUsers a member limit, or null for none
 * @param legacyOrgId the id in a system the organization is migrated from
 * @param customRoleMappingName a custom role mapping
 */
public record CreateOrgRequest(
    String name,
    boolean enableAutoJoiningByDomain,
    boolean membersMustHaveMatchingDomain,
    String domain,
    Integer maxUsers,
    String legacyOrgId,
    String customRoleMappingName) {

  /**
   * Checks the required name.
   *
   * @throws NullPointerException if {@code name} is null
   */
  public CreateOrgRequest {
    Objects.requireNonNull(name, "name");
  }

  /** A builder for an organization called {@code name}; every other field is optional. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Collects the optional fields of a {@link CreateOrgRequest}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private boolean enableAutoJoiningByDomain;
    private boolean membersMustHaveMatchingDomain;
    private String domain;
    private Integer maxUsers;
    private String legacyOrgId;
    private String customRoleMappingName;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder enableAutoJoiningByDomain(boolean value) {
      this.enableAutoJoiningByDomain = value;
      return this;
    }

    public Builder membersMustHaveMatchingDomain(boolean value) {
      this.membersMustHaveMatchingDomain = value;
      return this;
    }

    public Builder domain(String value) {
      this.domain = value;
      return this;
    }

    public Builder maxUsers(Integer value) {
      this.maxUsers = value;
      return this;
    }

    public Builder legacyOrgId(String value) {
      this.legacyOrgId = value;
      return this;
    }

    public Builder customRoleMappingName(String value) {
      this.customRoleMappingName = value;
      return this;
    }

    public CreateOrgRequest build() {
      return new CreateOrgRequest(
          name,
          enableAutoJoiningByDomain,
          membersMustHaveMatchingDomain,
          domain,
          maxUsers,
          legacyOrgId,
          customRoleMappingName);
    }
  }
}
