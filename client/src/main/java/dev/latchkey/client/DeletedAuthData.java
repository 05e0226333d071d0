package dev.latchkey.client;

import java.util.Map;

/**
 * The answer to {@code deleteAuthData}: the key material is wiped and the record is gone from every
 * view. Immutable and thread-safe.
 *
 * @param deleted always true
 * @param message what was done, for people
 * @param promotions for each AI system whose primary key this was: the {@code authId} of the key
 *     that became its primary, or a null value when the system has no key left; unmodifiable, never
 *     null, empty when no primary changed
 */
public record DeletedAuthData(boolean deleted, String message, Map<String, Long> promotions) {

  /** Copies the promotions; null becomes an empty map. */
  public DeletedAuthData {
    promotions = Copies.map(promotions);
  }
}
