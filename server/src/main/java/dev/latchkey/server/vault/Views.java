package dev.latchkey.server.vault;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.vault.Records.AiSystem;
import dev.latchkey.server.vault.Records.Credential;
import dev.latchkey.server.vault.Records.Mapping;
import dev.latchkey.server.vault.Records.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The vault's answers. The OpenRouter view and Latchkey's own vault routes are snake_case like the
 * rest of the wire; the DynamoAI view ({@code /user-auth}) is camelCase, as its clients expect, so
 * its records say so with {@link JsonNaming}.
 */
final class Views {
  private Views() {}

  static String iso(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString();
  }

  /** {@code {"data": ...}}, OpenRouter's envelope for one object. */
  record Data<T>(T data) {}

  /** A page in OpenRouter's shape. */
  record Page<T>(List<T> data, long totalCount) {}

  /** {@code {"deleted": true}} for objects whose deletion has nothing more to report. */
  record Deleted(boolean deleted) {
    static final Deleted YES = new Deleted(true);
  }

  // ---- OpenRouter view

  /** The OpenRouter {@code BYOKKey} object (every field present), plus Latchkey's own extras. */
  record ByokKey(
      String id,
      String provider,
      String label,
      String name,
      boolean disabled,
      boolean isFallback,
      boolean isRequired,
      boolean isByokOnly,
      Boolean declaredZdr,
      List<String> allowedModels,
      List<String> allowedApiKeyHashes,
      List<String> allowedUserIds,
      int sortOrder,
      String workspaceId,
      String createdAt,
      String updatedAt,
      long authId,
      String authType) {
    static ByokKey of(Credential c) {
      return new ByokKey(
          c.id(),
          c.provider(),
          c.label(),
          c.name(),
          c.disabled(),
          c.isFallback(),
          c.isRequired(),
          c.isByokOnly(),
          c.declaredZdr(),
          c.allowedModels(),
          c.allowedApiKeyHashes(),
          c.allowedUserIds(),
          c.sortOrder(),
          c.workspaceId(),
          iso(c.createdAt()),
          iso(c.updatedAt()),
          c.authId(),
          c.authType());
    }
  }

  /** A deleted BYOK key, with the AI systems that got a new primary because of it. */
  record DeletedByok(boolean deleted, String id, Map<String, Long> promotions) {}

  record WorkspaceView(
      String id,
      String name,
      String ownerType,
      String ownerId,
      boolean isDefault,
      String createdAt) {
    static WorkspaceView of(Workspace w) {
      return new WorkspaceView(
          w.id(), w.name(), w.ownerType(), w.ownerId(), w.isDefault(), iso(w.createdAt()));
    }
  }

  /** A key mapped to an AI system, in mapping order; never the key itself. */
  record SystemKey(
      long authId,
      String id,
      String provider,
      String name,
      String label,
      boolean isPrimary,
      int position,
      boolean disabled,
      boolean isFallback,
      int sortOrder) {}

  record AiSystemView(
      String id,
      String workspaceId,
      String name,
      String source,
      String provider,
      String model,
      String modelType,
      String endpoint,
      String apiVersion,
      Long primaryAuthDataId,
      List<Long> authDataIds,
      List<SystemKey> keys,
      String createdAt,
      String updatedAt) {
    static AiSystemView of(AiSystems.View v) {
      AiSystem s = v.system();
      JsonNode config = JsonText.readTree(s.config());
      Long primary =
          v.mappings().stream()
              .filter(Mapping::isPrimary)
              .map(Mapping::authId)
              .findFirst()
              .orElse(null);
      List<SystemKey> keys = new ArrayList<>();
      for (Mapping mapping : v.mappings()) {
        Credential c = v.credentials().get(mapping.authId());
        if (c != null) {
          keys.add(
              new SystemKey(
                  c.authId(),
                  c.id(),
                  c.provider(),
                  c.name(),
                  c.label(),
                  mapping.isPrimary(),
                  mapping.position(),
                  c.disabled(),
                  c.isFallback(),
                  c.sortOrder()));
        }
      }
      return new AiSystemView(
          s.id(),
          s.workspaceId(),
          s.name(),
          s.source(),
          s.provider(),
          s.model(),
          s.modelType(),
          AiSystems.text(config, "endpoint"),
          AiSystems.text(config, "api_version"),
          primary,
          v.mappings().stream().map(Mapping::authId).toList(),
          keys,
          iso(s.createdAt()),
          iso(s.updatedAt()));
    }
  }

  record UpdatedAiSystem(AiSystemView data, Map<String, Long> promotions) {}

  /**
   * One key of a resolve answer: {@code key} for a REMOTE_CLOUD credential, {@code auth_config} for
   * a REMOTE_CUSTOM one; the other is left out.
   */
  record ResolvedKeyView(
      String id,
      long authId,
      String provider,
      String name,
      String label,
      String authType,
      boolean isPrimary,
      boolean isFallback,
      int sortOrder,
      boolean isRequired,
      boolean isByokOnly,
      @JsonInclude(JsonInclude.Include.NON_NULL) String key,
      @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode authConfig) {
    @Override
    public String toString() {
      return "ResolvedKeyView[" + id + "]";
    }

    static ResolvedKeyView of(Resolver.ResolvedKey k) {
      Credential c = k.credential();
      return new ResolvedKeyView(
          c.id(),
          c.authId(),
          c.provider(),
          c.name(),
          c.label(),
          c.authType(),
          k.primary(),
          c.isFallback(),
          c.sortOrder(),
          c.isRequired(),
          c.isByokOnly(),
          k.key(),
          k.key() != null ? null : k.authConfig());
    }
  }

  record Resolved(
      String aiSystemId,
      String workspaceId,
      String provider,
      String model,
      List<ResolvedKeyView> keys,
      List<String> undecryptable,
      boolean allowSharedCapacity) {
    static Resolved of(Resolver.Result r) {
      return new Resolved(
          r.aiSystemId(),
          r.workspaceId(),
          r.provider(),
          r.model(),
          r.keys().stream().map(ResolvedKeyView::of).toList(),
          r.undecryptable(),
          r.allowSharedCapacity());
    }
  }

  // ---- DynamoAI view (camelCase)

  /**
   * The masked auth config: {@code {"apiKey": label}} for a cloud key, {@code {"masked": label}}
   * for a custom config; the field absent from the kind is left out.
   */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MaskedConfig(String apiKey, String masked) {
    static MaskedConfig of(Credential c) {
      return c.authType().equals(ProviderKeys.REMOTE_CLOUD)
          ? new MaskedConfig(c.label(), null)
          : new MaskedConfig(null, c.label());
    }
  }

  /** {@code UserAuthDataRecordEntity}. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record AuthDataRecord(
      long authId,
      String id,
      String name,
      String authType,
      String providerType,
      MaskedConfig authConfig,
      String createdAt,
      String updatedAt,
      String mUserId,
      String workspaceId) {
    static AuthDataRecord of(Credential c) {
      return new AuthDataRecord(
          c.authId(),
          c.id(),
          c.name(),
          c.authType(),
          ProviderRules.dynamoName(c.provider()),
          MaskedConfig.of(c),
          iso(c.createdAt()),
          iso(c.updatedAt()),
          c.createdBy(),
          c.workspaceId());
    }
  }

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record AiSystemMetadata(String name, String key, String type, String source, String modelType) {}

  /** {@code AuthAiSystemMappingEntity}. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record MappingView(
      long mappingId,
      String mAiSystemId,
      String name,
      boolean isPrimary,
      String createdAt,
      String updatedAt,
      AiSystemMetadata aiSystemMetadata) {
    static List<MappingView> of(List<ProviderKeys.Mapped> mapped) {
      List<MappingView> out = new ArrayList<>();
      for (ProviderKeys.Mapped m : mapped) {
        AiSystem s = m.system();
        out.add(
            new MappingView(
                m.mapping().mappingId(),
                s.id(),
                s.name(),
                m.mapping().isPrimary(),
                iso(m.mapping().createdAt()),
                iso(m.mapping().updatedAt()),
                new AiSystemMetadata(
                    s.name(),
                    s.id(),
                    s.provider() == null ? null : ProviderRules.dynamoName(s.provider()),
                    s.source(),
                    s.modelType())));
      }
      return out;
    }
  }

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record AuthDataWithMappings(AuthDataRecord authData, List<MappingView> mappings) {}

  /** One auth data under its provider in the grouped listing. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record GroupedAuthData(
      long authId,
      String id,
      String name,
      String createdAt,
      String updatedAt,
      List<MappingView> aiSystems,
      MaskedConfig authConfig) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record ProviderGroup(String provider, List<GroupedAuthData> authData) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record UserMetadata(@JsonProperty("_id") String id, String email) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record AuthDataAndAssociations(
      UserMetadata userMetadata,
      String workspaceId,
      List<ProviderGroup> remoteCloud,
      List<ProviderGroup> remoteCustom) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record DeletedAuthData(boolean deleted, String message, Map<String, Long> promotions) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record MappingsChanged(List<String> added, List<String> removed, Map<String, Long> promotions) {}
}
