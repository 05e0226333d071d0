package dev.latchkey.client;

import java.util.Map;

/**
 * The answer to {@code deleteByokKey}: the key material is wiped and the record is gone from every
 * view. Immutable and thread-safe.
 *
 * @param deleted always true
 * @param id the deleted key's id
 * @param promotions for each AI system whose primary key this was: the {@code auth_id} of the key
 *     that became its primary, or a null value when the system has no key left; unmodifiable, never
 *     null, empty when no primary changed
 */
public record DeletedByokKey(boolean deleted, String id, Map<String, Long> promotions) {

  /** Copies the promotions; null becomes an empty map. */
  public DeletedByokKey {
    promotions = Copies.map(promotions);
  }
}
