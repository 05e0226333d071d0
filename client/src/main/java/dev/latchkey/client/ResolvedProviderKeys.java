package dev.latchkey.client;

import java.util.List;

/**
 * The answer to {@code resolveProviderKeys}: the keys to spend, decrypted, in use order (the AI
 * system's primary, then prioritized keys by {@code sort_order}, then fallbacks; disabled keys and
 * keys whose allowlists exclude the call are left out). Immutable and thread-safe; lists are
 * unmodifiable and never null; {@link #toString()} shows no key.
 *
 * @param aiSystemId the AI system resolved, or null for a provider
 * @param workspaceId the workspace the keys come from
 * @param provider the provider's slug
 * @param model the model the keys were checked against, or null
 * @param keys the keys, in use order; empty when none is usable
 * @param undecryptable the ids of keys that were due but whose stored value did not decrypt (they
 *     were skipped and audited)
 * @param allowSharedCapacity whether the gateway may fall back to capacity other than these keys
 *     (false when an enabled key is byok-only, or a required key covers the model)
 */
public record ResolvedProviderKeys(
    String aiSystemId,
    String workspaceId,
    String provider,
    String model,
    List<ResolvedProviderKey> keys,
    List<String> undecryptable,
    boolean allowSharedCapacity) {

  /** Copies the lists; null becomes an empty list. */
  public ResolvedProviderKeys {
    keys = Copies.list(keys);
    undecryptable = Copies.list(undecryptable);
  }
}
