package dev.latchkey.client;

import java.util.List;
import java.util.Objects;

/**
 * The body of {@code createByokKey}: a provider key to store in the vault. The server checks it
 * against the provider's format (and, when configured, with the provider itself), encrypts it and
 * never shows it again. Null fields are left out of the request and take the server's default.
 * Immutable and thread-safe; {@link #toString()} leaves the key out.
 *
 * @param provider the provider's slug, such as {@code openai}, {@code anthropic} or {@code
 *     amazon-bedrock} (DynamoAI names such as {@code bedrock} are accepted); required
 * @param key the provider key; required
 * @param name a name of at most 200 characters
 * @param workspaceId a workspace id, or {@code project}, {@code org:<org_id>} or {@code
 *     user:<user_id>}; null for the caller's default workspace
 * @param disabled whether resolve skips it (default false)
 * @param isFallback whether it is used only after the prioritized keys (default false); cannot be
 *     combined with {@code isByokOnly}
 * @param isRequired OpenRouter's {@code is_required} (default false)
 * @param isByokOnly OpenRouter's {@code is_byok_only} (default false)
 * @param declaredZdr whether the provider declared zero data retention; null: inherit
 * @param allowedModels at most 1000 models it may serve; null for any; copied, unmodifiable
 * @param allowedApiKeyHashes 1 to 100 ids of issued API keys (of the workspace's owner) it may
 *     serve; null for any; copied, unmodifiable
 * @param allowedUserIds existing users it may serve; null for any; copied, unmodifiable
 * @param sortOrder its place among the provider's keys, lower first (default 0)
 */
public record CreateByokKeyRequest(
    String provider,
    String key,
    String name,
    String workspaceId,
    Boolean disabled,
    Boolean isFallback,
    Boolean isRequired,
    Boolean isByokOnly,
    Boolean declaredZdr,
    List<String> allowedModels,
    List<String> allowedApiKeyHashes,
    List<String> allowedUserIds,
    Integer sortOrder) {

  /**
   * Copies the allowlists.
   *
   * @throws NullPointerException if {@code provider} or {@code key} is null
   */
  public CreateByokKeyRequest {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(key, "key");
    allowedModels = Copies.listOrNull(allowedModels);
    allowedApiKeyHashes = Copies.listOrNull(allowedApiKeyHashes);
    allowedUserIds = Copies.listOrNull(allowedUserIds);
  }

  /** A builder for storing {@code key} of {@code provider} with the server's defaults. */
  public static Builder builder(String provider, String key) {
    return new Builder(provider, key);
  }

  @Override
  public String toString() {
    return "CreateByokKeyRequest[provider="
        + provider
        + ", key=[redacted], name="
        + name
        + ", workspaceId="
        + workspaceId
        + ", disabled="
        + disabled
        + ", isFallback="
        + isFallback
        + ", isRequired="
        + isRequired
        + ", isByokOnly="
        + isByokOnly
        + ", declaredZdr="
        + declaredZdr
        + ", allowedModels="
        + allowedModels
        + ", allowedApiKeyHashes="
        + allowedApiKeyHashes
        + ", allowedUserIds="
        + allowedUserIds
        + ", sortOrder="
        + sortOrder
        + "]";
  }

  /** Collects the optional fields of a {@link CreateByokKeyRequest}. Not thread-safe. */
  public static final class Builder {
    private final String provider;
    private final String key;
    private String name;
    private String workspaceId;
    private Boolean disabled;
    private Boolean isFallback;
    private Boolean isRequired;
    private Boolean isByokOnly;
    private Boolean declaredZdr;
    private List<String> allowedModels;
    private List<String> allowedApiKeyHashes;
    private List<String> allowedUserIds;
    private Integer sortOrder;

    private Builder(String provider, String key) {
      this.provider = Objects.requireNonNull(provider, "provider");
      this.key = Objects.requireNonNull(key, "key");
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder workspaceId(String value) {
      this.workspaceId = value;
      return this;
    }

    public Builder disabled(boolean value) {
      this.disabled = value;
      return this;
    }

    public Builder isFallback(boolean value) {
      this.isFallback = value;
      return this;
    }

    public Builder isRequired(boolean value) {
      this.isRequired = value;
      return this;
    }

    public Builder isByokOnly(boolean value) {
      this.isByokOnly = value;
      return this;
    }

    public Builder declaredZdr(boolean value) {
      this.declaredZdr = value;
      return this;
    }

    public Builder allowedModels(List<String> value) {
      this.allowedModels = value;
      return this;
    }

    public Builder allowedApiKeyHashes(List<String> value) {
      this.allowedApiKeyHashes = value;
      return this;
    }

    public Builder allowedUserIds(List<String> value) {
      this.allowedUserIds = value;
      return this;
    }

    public Builder sortOrder(int value) {
      this.sortOrder = value;
      return this;
    }

    public CreateByokKeyRequest build() {
      return new CreateByokKeyRequest(
          provider,
          key,
          name,
          workspaceId,
          disabled,
          isFallback,
          isRequired,
          isByokOnly,
          declaredZdr,
          allowedModels,
          allowedApiKeyHashes,
          allowedUserIds,
          sortOrder);
    }
  }
}
