package dev.latchkey.client;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An AI system (a model) in a vault workspace, with the provider keys mapped to it. While it has
 * any key, exactly one is its primary. Immutable and thread-safe; lists are unmodifiable and never
 * null.
 *
 * @param id its id, a UUID
 * @param workspaceId the workspace that holds it
 * @param name its name
 * @param source where it runs
 * @param provider its provider's slug; null for some {@link AiSystemSource#LOCAL} systems
 * @param model its model, or null
 * @param modelType its model type, or null
 * @param endpoint its endpoint URL, or null
 * @param apiVersion its API version, or null
 * @param primaryAuthDataId the {@code authId} of its primary key; null when it has no key
 * @param authDataIds the {@code authId}s of its keys, in mapping order
 * @param keys its keys, in mapping order, masked
 * @param createdAt when it was made
 * @param updatedAt when it last changed
 */
public record AiSystem(
    String id,
    String workspaceId,
    String name,
    AiSystemSource source,
    String provider,
    String model,
    String modelType,
    String endpoint,
    String apiVersion,
    Long primaryAuthDataId,
    List<Long> authDataIds,
    List<MappedKey> keys,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /** Copies the lists; null becomes an empty list. */
  public AiSystem {
    authDataIds = Copies.list(authDataIds);
    keys = Copies.list(keys);
  }

  /**
   * One key of an AI system: never the key itself.
   *
   * @param authId the key's integer id
   * @param id the key's UUID
   * @param provider the key's provider slug
   * @param name the key's name, or null
   * @param label the key masked for display
   * @param isPrimary whether it is the system's primary key
   * @param position its place in the system's mapping order
   * @param disabled whether resolve skips it
   * @param isFallback whether it is used only after the prioritized keys
   * @param sortOrder its place among the provider's keys
   */
  public record MappedKey(
      long authId,
      String id,
      String provider,
      String name,
      String label,
      boolean isPrimary,
      int position,
      boolean disabled,
      boolean isFallback,
      int sortOrder) {}
}
