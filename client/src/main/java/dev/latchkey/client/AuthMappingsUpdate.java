package dev.latchkey.client;

import java.util.List;
import java.util.Map;

/**
 * The answer to {@code updateAuthMappingsOnAuthData}: what changed. Adding a mapping that exists,
 * or removing one that does not, changes nothing and is not reported. Immutable and thread-safe;
 * collections are unmodifiable and never null.
 *
 * @param added the AI systems the credential was newly mapped to
 * @param removed the AI systems it was unmapped from
 * @param promotions for each AI system whose primary it was and that it left: the {@code authId} of
 *     the new primary, or a null value when the system has no key left
 */
public record AuthMappingsUpdate(
    List<String> added, List<String> removed, Map<String, Long> promotions) {

  /** Copies the collections; null becomes empty. */
  public AuthMappingsUpdate {
    added = Copies.list(added);
    removed = Copies.list(removed);
    promotions = Copies.map(promotions);
  }
}
