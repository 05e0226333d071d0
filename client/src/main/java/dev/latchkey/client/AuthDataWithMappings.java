package dev.latchkey.client;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The answer to {@code getAuthData}: the credential and the AI systems it serves. Immutable and
 * thread-safe.
 *
 * @param authData the credential, masked
 * @param mappings its AI-system mappings; unmodifiable, never null
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record AuthDataWithMappings(AuthData authData, List<AuthDataMapping> mappings) {

  /** Copies the list; null becomes an empty list. */
  public AuthDataWithMappings {
    mappings = Copies.list(mappings);
  }
}
