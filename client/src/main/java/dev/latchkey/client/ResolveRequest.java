package dev.latchkey.client;

/**
 * The body of {@code resolveProviderKeys}: which keys to spend on one call, either for an AI system
 * ({@link #aiSystem(String)}) or for a provider in a workspace ({@link #provider(String)}). Null
 * fields are left out of the request. Immutable and thread-safe.
 *
 * @param aiSystemId the AI system whose keys to resolve; null when {@code provider} is given
 * @param provider the provider whose keys to resolve; null when {@code aiSystemId} is given
 * @param model the model to be called: keys whose {@code allowed_models} exclude it are skipped;
 *     null for the AI system's own model (or none)
 * @param workspaceId with {@code provider}: a workspace id, or {@code project}, {@code
 *     org:<org_id>} or {@code user:<user_id>}; null for the project's default workspace
 * @param apiKeyId the issued API key the call is made for: keys with an API-key allowlist serve it
 *     only when it is listed (and are skipped when this is null)
 * @param userId the user the call is made for, checked against user allowlists the same way
 * @param limit at most this many keys, 1 to 100; null for all
 */
public record ResolveRequest(
    String aiSystemId,
    String provider,
    String model,
    String workspaceId,
    String apiKeyId,
    String userId,
    Integer limit) {

  /** A builder resolving the keys of the AI system {@code aiSystemId}, primary first. */
  public static Builder aiSystem(String aiSystemId) {
    return new Builder(java.util.Objects.requireNonNull(aiSystemId, "aiSystemId"), null);
  }

  /** A builder resolving the keys of {@code provider} (a slug, such as {@code openai}). */
  public static Builder provider(String provider) {
    return new Builder(null, java.util.Objects.requireNonNull(provider, "provider"));
  }

  /** Collects the optional fields of a {@link ResolveRequest}. Not thread-safe. */
  public static final class Builder {
    private final String aiSystemId;
    private final String provider;
    private String model;
    private String workspaceId;
    private String apiKeyId;
    private String userId;
    private Integer limit;

    private Builder(String aiSystemId, String provider) {
      this.aiSystemId = aiSystemId;
      this.provider = provider;
    }

    public Builder model(String value) {
      this.model = value;
      return this;
    }

    /** Only with {@link ResolveRequest#provider(String)}: the server refuses it for a system. */
    public Builder workspaceId(String value) {
      this.workspaceId = value;
      return this;
    }

    public Builder apiKeyId(String value) {
      this.apiKeyId = value;
      return this;
    }

    public Builder userId(String value) {
      this.userId = value;
      return this;
    }

    public Builder limit(int value) {
      this.limit = value;
      return this;
    }

    public ResolveRequest build() {
      return new ResolveRequest(aiSystemId, provider, model, workspaceId, apiKeyId, userId, limit);
    }
  }
}
