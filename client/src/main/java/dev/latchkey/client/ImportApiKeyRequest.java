package dev.latchkey.client;

import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code importApiKey}: an existing key from another system, kept working as it is. The
 * server stores only a keyed digest of it. Null fields are left out of the request. Immutable and
 * thread-safe; {@link #toString()} leaves the key out.
 *
 * @param importedApiKey the existing key, 16 to 512 characters of any format; required
 * @param orgId the organization of an org key, or null
 * @param userId the user of a personal key (or the member an org key is made for), or null
 * @param expiresAtSeconds when the key stops working, in future unix seconds; null for never
 * @param metadata free-form metadata returned by validation; copied, unmodifiable
 * @param displayName a label of at most 100 characters
 */
public record ImportApiKeyRequest(
    String importedApiKey,
    String orgId,
    String userId,
    Long expiresAtSeconds,
    Map<String, Object> metadata,
    String displayName) {

  /**
   * Copies the metadata.
   *
   * @throws NullPointerException if {@code importedApiKey} is null
   */
  public ImportApiKeyRequest {
    Objects.requireNonNull(importedApiKey, "importedApiKey");
    metadata = Copies.jsonOrNull(metadata);
  }

  /** A builder for importing {@code importedApiKey} as a generic key. */
  public static Builder builder(String importedApiKey) {
    return new Builder(importedApiKey);
  }

  @Override
  public String toString() {
    return "ImportApiKeyRequest[importedApiKey=[redacted], orgId="
        + orgId
        + ", userId="
        + userId
        + ", expiresAtSeconds="
        + expiresAtSeconds
        + ", metadata="
        + metadata
        + ", displayName="
        + displayName
        + "]";
  }

  /** Collects the optional fields of an {@link ImportApiKeyRequest}. Not thread-safe. */
  public static final class Builder {
    private final String importedApiKey;
    private String orgId;
    private String userId;
    private Long expiresAtSeconds;
    private Map<String, Object> metadata;
    private String displayName;

    private Builder(String importedApiKey) {
      this.importedApiKey = Objects.requireNonNull(importedApiKey, "importedApiKey");
    }

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

    public ImportApiKeyRequest build() {
      return new ImportApiKeyRequest(
          importedApiKey, orgId, userId, expiresAtSeconds, metadata, displayName);
    }
  }
}
