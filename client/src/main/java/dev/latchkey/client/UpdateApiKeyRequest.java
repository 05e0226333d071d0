package dev.latchkey.client;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code updateApiKey}: only the non-null fields change. Immutable and thread-safe.
 *
 * @param expiresAtSeconds a new expiry, in future unix seconds
 * @param setToNeverExpire true to remove the expiry; cannot be combined with {@code
 *     expiresAtSeconds}
 * @param metadata new free-form metadata, replacing the old; copied, unmodifiable
 * @param displayName a new label
 * @param enabled false to stop the key working until it is enabled again
 * @param ratelimits new rate-limit windows, replacing the old (empty: none); copied, unmodifiable
 * @param credits a new credit balance and refill, replacing the old ({@link
 *     ApiKeyCredits#unlimited()}: no limit)
 */
public record UpdateApiKeyRequest(
    Long expiresAtSeconds,
    Boolean setToNeverExpire,
    Map<String, Object> metadata,
    String displayName,
    Boolean enabled,
    List<ApiKeyRateLimit> ratelimits,
    ApiKeyCredits credits) {

  /** Copies the metadata and the windows. */
  public UpdateApiKeyRequest {
    metadata = Copies.jsonOrNull(metadata);
    ratelimits = Copies.listOrNull(ratelimits);
  }

  /** A builder with nothing to change yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of an {@link UpdateApiKeyRequest}. Not thread-safe. */
  public static final class Builder {
    private Long expiresAtSeconds;
    private Boolean setToNeverExpire;
    private Map<String, Object> metadata;
    private String displayName;
    private Boolean enabled;
    private List<ApiKeyRateLimit> ratelimits;
    private ApiKeyCredits credits;

    private Builder() {}

    public Builder expiresAtSeconds(long value) {
      this.expiresAtSeconds = value;
      return this;
    }

    public Builder setToNeverExpire(boolean value) {
      this.setToNeverExpire = value;
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

    public UpdateApiKeyRequest build() {
      return new UpdateApiKeyRequest(
          expiresAtSeconds, setToNeverExpire, metadata, displayName, enabled, ratelimits, credits);
    }
  }
}
