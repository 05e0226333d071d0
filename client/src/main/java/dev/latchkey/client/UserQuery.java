package dev.latchkey.client;

/**
 * The parameters of {@code fetchUsersByQuery}. Null fields are left out and take the server's
 * default (page size 10, page 0, oldest first). Immutable and thread-safe.
 *
 * @param pageSize users per page, 1 to 100
 * @param pageNumber the zero-based page
 * @param orderBy the order
 * @param emailOrUsername a partial match on the email address or username
 * @param legacyUserId an exact legacy user id
 * @param includeOrgs whether each user carries {@link UserMetadata#orgIdToOrgInfo()}
 */
public record UserQuery(
    Integer pageSize,
    Integer pageNumber,
    UserOrderBy orderBy,
    String emailOrUsername,
    String legacyUserId,
    boolean includeOrgs) {

  /** A builder that matches every user. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of a {@link UserQuery}. Not thread-safe. */
  public static final class Builder {
    private Integer pageSize;
    private Integer pageNumber;
    private UserOrderBy orderBy;
    private String emailOrUsername;
    private String legacyUserId;
    private boolean includeOrgs;

    private Builder() {}

    public Builder pageSize(int value) {
      this.pageSize = value;
      return this;
    }

    public Builder pageNumber(int value) {
      this.pageNumber = value;
      return this;
    }

    public Builder orderBy(UserOrderBy value) {
      this.orderBy = value;
      return this;
    }

    public Builder emailOrUsername(String value) {
      this.emailOrUsername = value;
      return this;
    }

    public Builder legacyUserId(String value) {
      this.legacyUserId = value;
      return this;
    }

    public Builder includeOrgs(boolean value) {
      this.includeOrgs = value;
      return this;
    }

    public UserQuery build() {
      return new UserQuery(
          pageSize, pageNumber, orderBy, emailOrUsername, legacyUserId, includeOrgs);
    }
  }
}
