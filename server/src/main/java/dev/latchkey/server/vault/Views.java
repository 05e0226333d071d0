package dev.latchkey.server.vault;

import dev.latchkey.server.vault.Records.Credential;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wire shapes shared by the vault's views. Maps keep each view's own spelling of field names. */
final class Views {
  private Views() {}

  static String iso(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString();
  }

  /** The OpenRouter {@code BYOKKey} object (every field present), plus Latchkey's own extras. */
  static Map<String, Object> byok(Credential c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("provider", c.provider());
    m.put("label", c.label());
    m.put("name", c.name());
    m.put("disabled", c.disabled());
    m.put("is_fallback", c.isFallback());
    m.put("is_required", c.isRequired());
    m.put("is_byok_only", c.isByokOnly());
    m.put("declared_zdr", c.declaredZdr());
    m.put("allowed_models", c.allowedModels());
    m.put("allowed_api_key_hashes", c.allowedApiKeyHashes());
    m.put("allowed_user_ids", c.allowedUserIds());
    m.put("sort_order", c.sortOrder());
    m.put("workspace_id", c.workspaceId());
    m.put("created_at", iso(c.createdAt()));
    m.put("updated_at", iso(c.updatedAt()));
    m.put("auth_id", c.authId());
    m.put("auth_type", c.authType());
    return m;
  }

  /** The masked auth config: {@code {"apiKey": label}}, or a custom config's field names. */
  static Map<String, Object> maskedConfig(Credential c) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (c.authType().equals(ProviderKeys.REMOTE_CLOUD)) {
      m.put("apiKey", c.label());
    } else {
      m.put("masked", c.label());
    }
    return m;
  }
}
