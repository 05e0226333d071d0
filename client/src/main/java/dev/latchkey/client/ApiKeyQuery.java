package dev.latchkey.client;

/**
 * The parameters of {@code fetchCurrentApiKeys} and {@code fetchArchivedApiKeys}. Null fields are
 * left out and take the server's default (page size 10, page 0, every key). Immutable and
 * thread-safe.
 *
 * @param orgId only the keys of this organization
 * @param userId only the keys of this user
 * @param userEmail only the keys of the user with this email address (none if there is no such
 *     user)
 * @param apiKeyType only keys of this kind
 * @param pageSize keys per page, 1 to 100
 * @param pageNumber the zero-based page
 */
public record ApiKeyQuery(
    String orgId,
    String userId,
    String userEmail,
    ApiKeyType apiKeyType,
    Integer pageSize,
    Integer pageNumber) {

  /** A builder that matches every key. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of an {@link ApiKeyQuery}. Not thread-safe. */
  public static final class Builder {
    private String orgId;
    private String userId;
    private String userEmail;
    private ApiKeyType apiKeyType;
    private Integer pageSize;
    private Integer pageNumber;

    private Builder() {}

    public Builder orgId(String value) {
      this.orgId = value;
      return this;
    }

    public Builder userId(String value) {
      this.userId = value;
      return this;
    }

    public Builder userEmail(String value) {
      this.userEmail = value;
      return this;
    }

    public Builder apiKeyType(ApiKeyType value) {
      this.apiKeyType = value;
      return this;
    }

    public Builder pageSize(int value) {
      this.pageSize = value;
      return this;
    }

    public Builder pageNumber(int value) {
      this.pageNumber = value;
      return this;
    }

    public ApiKeyQuery build() {
      return new ApiKeyQuery(orgId, userId, userEmail, apiKeyType, pageSize, pageNumber);
    }
  }
}
