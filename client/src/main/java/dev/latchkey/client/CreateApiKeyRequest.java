package dev.latchkey.client;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code createApiKey}. Who the key belongs to follows from the ids: a user only (a
 * personal key), an organization (an org key; with a user, who must be a member), or neither (a
 * generic key). Null fields are left out of the request and take the server's default. Immutable
 * and thread-safe.
 *
 * @param orgId the organization of an org key, or null
 * @param userId the user of a personal key (or the member an org key is made for), or null
 * @param expiresAtSeconds when the key stops working, in future unix seconds (at most 100 years
 *     ahead); null for never
 * @param metadata free-form metadata returned by validation, at most 16 KiB of JSON; copied,
 *     unmodifiable
 * @param displayName a label of at most 100 characters
 * @param enabled whether the key works from the start (default true)
 * @param ratelimits at most 10 rate-limit windows (default none); copied, unmodifiable
 * @param credits usage credits (default unlimited)
 */
public record CreateApiKeyRequest(
    String orgId,
    String userId,
    Long expiresAtSeconds,
    Map<String, Object> metadata,
    String displayName,
    Boolean enabled,
    List<ApiKeyRateLimit> ratelimits,
    ApiKeyCredits credits) {

  /** Copies the metadata and the windows. */
  public CreateApiKeyRequest {
    metadata = Copies.jsonOrNull(metadata);
    ratelimits = Copies.listOrNull(ratelimits);
  }

  /** A builder for a generic key; name an owner with {@code userId} and {@code orgId}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of a {@link CreateApiKeyRequest}. Not thread-safe. */
  public static final class Builder {
    private String orgId;
    private String userId;
    private Long expiresAtSeconds;
    private Map<String, Object> metadata;
    private String displayName;
    private Boolean enabled;
    private List<ApiKeyRateLimit> ratelimits;
    private ApiKeyCredits credits;

    private Builder() {}

    public Builder orgId(String value) {
      this.orgId = value;
      return this;
    }

    public Builder userId(String value) {
      this.userId = value;
      return this;
    }

    public Builder expiresAtSeconds(long value) {
      this.expiresAtSeconds = value;
      return this;
    }

    public Builder metadata(Map<String, Object> value) {
      this.metadata = value;
      return this;
    }

    public Builder displayName(String value) {
      this.displayName = value;
      return this;
    }

    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    public Builder ratelimits(List<ApiKeyRateLimit> value) {
      this.ratelimits = value;
      return this;
    }

    public Builder credits(ApiKeyCredits value) {
      this.credits = value;
      return this;
    }

    public CreateApiKeyRequest build() {
      return new CreateApiKeyRequest(
          orgId, userId, expiresAtSeconds, metadata, displayName, enabled, ratelimits, credits);
    }
  }
}
