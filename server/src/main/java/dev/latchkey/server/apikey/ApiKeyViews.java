package dev.latchkey.server.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.identity.Views.OrgMemberInfo;
import dev.latchkey.server.identity.Views.UserMetadata;
import java.util.List;

/** The wire shapes of the API-key endpoints (PropelAuth's, plus Latchkey's additions). */
public final class ApiKeyViews {
  private ApiKeyViews() {}

  /** {@code ApiKeyFull}, with the key's start, state, limits and usage. */
  public record ApiKeyFull(
      String apiKeyId,
      long createdAt,
      Long expiresAtSeconds,
      JsonNode metadata,
      String userId,
      String orgId,
      String displayName,
      String start,
      boolean enabled,
      boolean imported,
      boolean archived,
      Long lastUsedAt,
      long usageCount,
      @JsonInclude(JsonInclude.Include.NON_NULL) Limits.Credits credits,
      List<Limits.RateLimit> ratelimits,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long previousTokenValidUntil) {}

  public record ApiKeysPage(
      List<ApiKeyFull> apiKeys,
      long totalApiKeys,
      int currentPage,
      int pageSize,
      boolean hasMoreResults) {}

  public record Created(String apiKeyId, String apiKeyToken) {
    @Override
    public String toString() {
      return "Created[" + apiKeyId + "]";
    }
  }

  public record Imported(String apiKeyId) {}

  /**
   * The org in a validation answer: PropelAuth's {@code org_name} and, for Node's typing, {@code
   * name}.
   */
  public record ValidatedOrg(
      String orgId,
      String orgName,
      String name,
      boolean canSetupSaml,
      Integer maxUsers,
      boolean isSamlConfigured,
      String legacyOrgId,
      JsonNode metadata,
      String customRoleMappingName) {}

  /** The answer of {@code validate}: whose key it is. */
  public record Validation(
      JsonNode metadata,
      UserMetadata user,
      ValidatedOrg org,
      OrgMemberInfo userInOrg,
      String apiKeyId) {}

  public record Usage(long count) {}
}
