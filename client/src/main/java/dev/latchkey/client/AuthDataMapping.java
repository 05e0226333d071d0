package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;

/**
 * A credential's mapping to one AI system (DynamoAI's {@code AuthAiSystemMappingEntity}). Immutable
 * and thread-safe.
 *
 * @param mappingId the mapping's integer id
 * @param mAiSystemId the AI system's id
 * @param name the AI system's name
 * @param isPrimary whether the credential is the system's primary key
 * @param createdAt when the mapping was made
 * @param updatedAt when it last changed
 * @param aiSystemMetadata what the AI system is
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record AuthDataMapping(
    long mappingId,
    @JsonProperty("mAiSystemId") String mAiSystemId,
    String name,
    boolean isPrimary,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    AiSystemMetadata aiSystemMetadata) {

  /**
   * The AI system of a mapping, as DynamoAI describes it.
   *
   * @param name its name
   * @param key its id
   * @param type its provider in DynamoAI's naming, or null
   * @param source where it runs
   * @param modelType its model type, or null
   */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record AiSystemMetadata(
      String name, String key, String type, AiSystemSource source, String modelType) {}
}
