package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A provider credential in the vault, in the DynamoAI view (DynamoAI's {@code
 * UserAuthDataRecordEntity}): never the key itself, only a masked {@code authConfig}. Immutable and
 * thread-safe.
 *
 * @param authId its integer id in this view
 * @param id the same credential's UUID in the OpenRouter view ({@link ByokKey#id()})
 * @param name its name
 * @param authType what it holds
 * @param providerType the provider in DynamoAI's naming: {@code azure}, {@code openai}, {@code
 *     anthropic}, {@code mistral}, {@code togetherai}, {@code lambdalabs}, {@code databricks},
 *     {@code bedrock}, {@code gemini} or {@code custom_model}
 * @param authConfig the configuration masked: {@code {"apiKey": "sk-...AbCd"}} for {@link
 *     AuthType#REMOTE_CLOUD}, {@code {"masked": "custom config {field, ...}"}} for {@link
 *     AuthType#REMOTE_CUSTOM}; unmodifiable, never null
 * @param createdAt when it was stored
 * @param updatedAt when it last changed
 * @param mUserId the user who created it; null when a management key or an org API key did
 * @param workspaceId the workspace that holds it
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record AuthData(
    long authId,
    String id,
    String name,
    AuthType authType,
    String providerType,
    Map<String, Object> authConfig,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    @JsonProperty("mUserId") String mUserId,
    String workspaceId) {

  /** Copies the masked configuration; null becomes an empty map. */
  public AuthData {
    authConfig = Copies.json(authConfig);
  }
}
