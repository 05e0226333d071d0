package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code getUserAuthDataAndAssociations}: a workspace's credentials grouped by auth
 * type, then by provider, each with the AI systems it serves. Immutable and thread-safe; lists are
 * unmodifiable and never null.
 *
 * @param userMetadata the calling user; both fields null for a management key or an org API key
 * @param workspaceId the workspace listed
 * @param remoteCloud the {@link AuthType#REMOTE_CLOUD} credentials, one group per provider
 * @param remoteCustom the {@link AuthType#REMOTE_CUSTOM} credentials, one group per provider
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record AuthDataAssociations(
    Caller userMetadata,
    String workspaceId,
    List<ProviderGroup> remoteCloud,
    List<ProviderGroup> remoteCustom) {

  /** Copies the lists; null becomes an empty list. */
  public AuthDataAssociations {
    remoteCloud = Copies.list(remoteCloud);
    remoteCustom = Copies.list(remoteCustom);
  }

  /**
   * Who asked.
   *
   * @param id the user's id (DynamoAI's {@code _id}), or null
   * @param email the user's email address, or null
   */
  public record Caller(@JsonProperty("_id") String id, @JsonProperty("email") String email) {}

  /**
   * One provider's credentials.
   *
   * @param provider the provider in DynamoAI's naming
   * @param authData its credentials, in use order
   */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record ProviderGroup(String provider, List<Entry> authData) {

    /** Copies the list; null becomes an empty list. */
    public ProviderGroup {
      authData = Copies.list(authData);
    }
  }

  /**
   * One credential of a group.
   *
   * @param authId its integer id
   * @param id its UUID in the OpenRouter view
   * @param name its name
   * @param createdAt when it was stored
   * @param updatedAt when it last changed
   * @param aiSystems the AI systems it is mapped to
   * @param authConfig its configuration, masked as in {@link AuthData#authConfig()}
   */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record Entry(
      long authId,
      String id,
      String name,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      List<AuthDataMapping> aiSystems,
      Map<String, Object> authConfig) {

    /** Copies the list and the map; null becomes empty. */
    public Entry {
      aiSystems = Copies.list(aiSystems);
      authConfig = Copies.json(authConfig);
    }
  }
}
