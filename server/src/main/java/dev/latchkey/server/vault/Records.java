package dev.latchkey.server.vault;

import java.util.List;

/** Rows of the vault's tables. */
final class Records {
  private Records() {}

  /** A workspace: owned by the project, an org or a user; each owner has one default. */
  record Workspace(
      String id,
      String ownerType,
      String ownerId,
      String name,
      boolean isDefault,
      long createdAt) {}

  /**
   * A provider credential. {@code secret} is the sealed key (REMOTE_CLOUD) or the sealed JSON auth
   * config (REMOTE_CUSTOM); null once deleted.
   */
  record Credential(
      long authId,
      String id,
      String workspaceId,
      String authType,
      String provider,
      String name,
      String label,
      String secret,
      boolean disabled,
      boolean isFallback,
      boolean isRequired,
      boolean isByokOnly,
      Boolean declaredZdr,
      List<String> allowedModels,
      List<String> allowedApiKeyHashes,
      List<String> allowedUserIds,
      int sortOrder,
      String createdBy,
      long createdAt,
      long updatedAt,
      Long deletedAt) {
    @Override
    public String toString() {
      return "Credential[" + id + "]";
    }
  }

  /** An AI system (a model) in a workspace. */
  record AiSystem(
      String id,
      String workspaceId,
      String name,
      String source,
      String provider,
      String model,
      String modelType,
      String config,
      long createdAt,
      long updatedAt) {}

  /** A window of a longer list, with the length of the whole list. */
  record Slice<T>(List<T> items, long total) {}

  /** A credential mapped to an AI system; one mapping per system is the primary. */
  record Mapping(
      long mappingId,
      String aiSystemId,
      long authId,
      boolean isPrimary,
      int position,
      long createdAt,
      long updatedAt) {}
}
