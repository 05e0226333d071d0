package dev.latchkey.client;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A provider key in the vault, in the OpenRouter view (OpenRouter's {@code BYOKKey}, plus
 * Latchkey's {@code updated_at}, {@code auth_id} and {@code auth_type}): never the key itself, only
 * its masked {@code label}. Immutable and thread-safe.
 *
 * <p>The allowlists keep the difference between null and empty: null is "no restriction".
 *
 * @param id the key's id, a UUID
 * @param provider the provider's OpenRouter slug, such as {@code openai} or {@code amazon-bedrock}
 * @param label the key masked for display, such as {@code sk-...AbCd}
 * @param name its name, or null
 * @param disabled whether resolve skips it
 * @param isFallback whether it is used only after the prioritized keys
 * @param isRequired OpenRouter's {@code is_required}
 * @param isByokOnly OpenRouter's {@code is_byok_only}
 * @param declaredZdr whether the provider declared zero data retention for it; null: inherit
 * @param allowedModels the models it may serve; nullable (no restriction); unmodifiable
 * @param allowedApiKeyHashes the ids of the issued API keys it may serve; nullable (no
 *     restriction); unmodifiable
 * @param allowedUserIds the users it may serve; nullable (no restriction); unmodifiable
 * @param sortOrder its place among the provider's keys, lower first
 * @param workspaceId the workspace that holds it
 * @param createdAt when it was stored
 * @param updatedAt when it last changed
 * @param authId the same key's integer id in the DynamoAI view
 * @param authType {@link AuthType#REMOTE_CLOUD} for an API key, {@link AuthType#REMOTE_CUSTOM} for
 *     a custom configuration
 */
public record ByokKey(
    String id,
    String provider,
    String label,
    String name,
    boolean disabled,
    boolean isFallback,
    boolean isRequired,
    boolean isByokOnly,
    Boolean declaredZdr,
    List<String> allowedModels,
    List<String> allowedApiKeyHashes,
    List<String> allowedUserIds,
    int sortOrder,
    String workspaceId,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    long authId,
    AuthType authType) {

  /** Copies the allowlists; null stays null (no restriction). */
  public ByokKey {
    allowedModels = Copies.listOrNull(allowedModels);
    allowedApiKeyHashes = Copies.listOrNull(allowedApiKeyHashes);
    allowedUserIds = Copies.listOrNull(allowedUserIds);
  }
}
