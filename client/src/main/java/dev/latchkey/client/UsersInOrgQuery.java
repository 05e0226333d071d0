package dev.latchkey.client;

import java.util.Objects;

/**
 * The parameters of {@code fetchUsersInOrg}. Null fields are left out and take the server's default
 * (page size 10, page 0, every role). Immutable and thread-safe.
 *
 * @param orgId the organization; required
 * @param pageSize users per page, 1 to 100
 * @param pageNumber the zero-based page
 * @param role only members with this role
 * @param includeOrgs whether each user carries {@link UserMetadata#orgIdToOrgInfo()}
 */
public record UsersInOrgQuery(
    String orgId, Integer pageSize, Integer pageNumber, String role, boolean includeOrgs) {

  /**
   * Checks the required org id.
   *
   * @throws NullPointerException if {@code orgId} is null
   */
  public UsersInOrgQuery {
    Objects.requireNonNull(orgId, "orgId");
  }

  /** A builder for the members of {@code orgId}. */
  public static Builder builder(String orgId) {
    return new Builder(orgId);
  }

  /** Collects the fields of a {@link UsersInOrgQuery}. Not thread-safe. */
  public static final class Builder {
    private final String orgId;
    private Integer pageSize;
    private Integer pageNumber;
    private String role;
    private boolean includeOrgs;

    private Builder(String orgId) {
      this.orgId = Objects.requireNonNull(orgId, "orgId");
    }

    public Builder pageSize(int value) {
      this.pageSize = value;
      return this;
    }

    public Builder pageNumber(int value) {
      this.pageNumber = value;
      return this;
    }

    public Builder role(String value) {
      this.role = value;
      return this;
    }

    public Builder includeOrgs(boolean value) {
      this.includeOrgs = value;
      return this;
    }

    public UsersInOrgQuery build() {
      return new UsersInOrgQuery(orgId, pageSize, pageNumber, role, includeOrgs);
    }
  }
}
