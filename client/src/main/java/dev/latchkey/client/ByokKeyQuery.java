package dev.latchkey.client;

/**
 * The parameters of {@code listByokKeys}. Null fields are left out and take the server's default
 * (the caller's default workspace, every provider, 50 keys from offset 0). Immutable and
 * thread-safe.
 *
 * @param workspaceId a workspace id, or {@code project}, {@code org:<org_id>} or {@code
 *     user:<user_id>} for that owner's default workspace
 * @param provider only keys of this provider (an OpenRouter slug; DynamoAI names are accepted)
 * @param limit keys per page, 1 to 100
 * @param offset how many keys to skip, 0 or more
 */
public record ByokKeyQuery(String workspaceId, String provider, Integer limit, Long offset) {

  /** A builder for the first page of the caller's default workspace. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of a {@link ByokKeyQuery}. Not thread-safe. */
  public static final class Builder {
    private String workspaceId;
    private String provider;
    private Integer limit;
    private Long offset;

    private Builder() {}

    public Builder workspaceId(String value) {
      this.workspaceId = value;
      return this;
    }

    public Builder provider(String value) {
      this.provider = value;
      return this;
    }

    public Builder limit(int value) {
      this.limit = value;
      return this;
    }

    public Builder offset(long value) {
      this.offset = value;
      return this;
    }

    public ByokKeyQuery build() {
      return new ByokKeyQuery(workspaceId, provider, limit, offset);
    }
  }
}
