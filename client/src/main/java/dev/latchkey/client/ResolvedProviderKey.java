package dev.latchkey.client;

import java.util.Map;

/**
 * One decrypted provider key from {@code resolveProviderKeys}. Immutable and thread-safe; {@link
 * #toString()} leaves the key and the configuration out, so that logging a resolve answer never
 * logs a key. Hold it no longer than the call it is for.
 *
 * @param id the key's UUID
 * @param authId the key's integer id
 * @param provider the key's provider slug
 * @param name the key's name, or null
 * @param label the key masked for display, such as {@code sk-...AbCd}
 * @param authType what it holds
 * @param isPrimary whether it is the AI system's primary key
 * @param isFallback whether it is a fallback key
 * @param sortOrder its place among the provider's keys
 * @param isRequired whether it turns off shared capacity for the models it covers
 * @param isByokOnly whether it turns off shared capacity for its provider
 * @param key the decrypted API key, for {@link AuthType#REMOTE_CLOUD}; null otherwise
 * @param authConfig the decrypted configuration, for {@link AuthType#REMOTE_CUSTOM}; null
 *     otherwise; unmodifiable
 */
public record ResolvedProviderKey(
    String id,
    long authId,
    String provider,
    String name,
    String label,
    AuthType authType,
    boolean isPrimary,
    boolean isFallback,
    int sortOrder,
    boolean isRequired,
    boolean isByokOnly,
    String key,
    Map<String, Object> authConfig) {

  /** Copies the configuration; null stays null. */
  public ResolvedProviderKey {
    authConfig = Copies.jsonOrNull(authConfig);
  }

  @Override
  public String toString() {
    return "ResolvedProviderKey[id="
        + id
        + ", authId="
        + authId
        + ", provider="
        + provider
        + ", name="
        + name
        + ", label="
        + label
        + ", authType="
        + authType
        + ", isPrimary="
        + isPrimary
        + ", isFallback="
        + isFallback
        + ", sortOrder="
        + sortOrder
        + ", isRequired="
        + isRequired
        + ", isByokOnly="
        + isByokOnly
        + ", key="
        + (key == null ? null : "[redacted]")
        + ", authConfig="
        + (authConfig == null ? null : "[redacted]")
        + "]";
  }
}
