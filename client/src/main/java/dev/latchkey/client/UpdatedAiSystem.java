package dev.latchkey.client;

import java.util.Map;

/**
 * The answer to {@code updateAiSystem}. Immutable and thread-safe.
 *
 * @param data the AI system as it now is
 * @param promotions when replacing the mappings dropped the primary: this system's id with the
 *     {@code authId} of its new primary; unmodifiable, never null, empty when the primary stayed or
 *     was moved on purpose
 */
public record UpdatedAiSystem(AiSystem data, Map<String, Long> promotions) {

  /** Copies the promotions; null becomes an empty map. */
  public UpdatedAiSystem {
    promotions = Copies.map(promotions);
  }
}
