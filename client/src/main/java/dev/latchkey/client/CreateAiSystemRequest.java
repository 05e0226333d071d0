package dev.latchkey.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code createAiSystem}. A system refers to keys already in the vault, by {@code
 * authId} or UUID; it never takes a key itself. Null fields are left out of the request and take
 * the server's default. Immutable and thread-safe.
 *
 * @param name its name, at most 200 characters; required
 * @param source where it runs (default {@link AiSystemSource#REMOTE})
 * @param provider its provider's slug; required for a remote system
 * @param model its model
 * @param modelType its model type
 * @param endpoint its endpoint, an http(s) URL
 * @param apiVersion its API version
 * @param authDataIds its keys, in order: integer auth ids as decimal text, or key UUIDs, of the
 *     same workspace and provider; non-empty for a remote system unless the provider is {@code
 *     custom_model}; copied, unmodifiable
 * @param primaryAuthDataId which of them is the primary, as given there; required with keys
 * @param workspaceId a workspace id, or {@code project}, {@code org:<org_id>} or {@code
 *     user:<user_id>}; null for the caller's default workspace
 */
public record CreateAiSystemRequest(
    String name,
    AiSystemSource source,
    String provider,
    String model,
    String modelType,
    String endpoint,
    String apiVersion,
    List<String> authDataIds,
    String primaryAuthDataId,
    String workspaceId) {

  /**
   * Copies the key references.
   *
   * @throws NullPointerException if {@code name} is null
   */
  public CreateAiSystemRequest {
    Objects.requireNonNull(name, "name");
    authDataIds = Copies.listOrNull(authDataIds);
  }

  /** A builder for a remote AI system named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Collects the optional fields of a {@link CreateAiSystemRequest}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private AiSystemSource source;
    private String provider;
    private String model;
    private String modelType;
    private String endpoint;
    private String apiVersion;
    private List<String> authDataIds;
    private String primaryAuthDataId;
    private String workspaceId;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder source(AiSystemSource value) {
      this.source = value;
      return this;
    }

    public Builder provider(String value) {
      this.provider = value;
      return this;
    }

    public Builder model(String value) {
      this.model = value;
      return this;
    }

    public Builder modelType(String value) {
      this.modelType = value;
      return this;
    }

    public Builder endpoint(String value) {
      this.endpoint = value;
      return this;
    }

    public Builder apiVersion(String value) {
      this.apiVersion = value;
      return this;
    }

    /** The keys, in order, as integer auth ids in decimal or as key UUIDs. */
    public Builder authDataIds(List<String> value) {
      this.authDataIds = value;
      return this;
    }

    /** The keys, in order, by {@code authId}. */
    public Builder authDataIds(long... authIds) {
      List<String> refs = new ArrayList<>(authIds.length);
      for (long id : authIds) {
        refs.add(String.valueOf(id));
      }
      this.authDataIds = refs;
      return this;
    }

    /** The primary key, as an integer auth id in decimal or a key UUID. */
    public Builder primaryAuthDataId(String value) {
      this.primaryAuthDataId = value;
      return this;
    }

    /** The primary key, by {@code authId}. */
    public Builder primaryAuthDataId(long authId) {
      this.primaryAuthDataId = String.valueOf(authId);
      return this;
    }

    public Builder workspaceId(String value) {
      this.workspaceId = value;
      return this;
    }

    public CreateAiSystemRequest build() {
      return new CreateAiSystemRequest(
          name,
          source,
          provider,
          model,
          modelType,
          endpoint,
          apiVersion,
          authDataIds,
          primaryAuthDataId,
          workspaceId);
    }
  }
}
