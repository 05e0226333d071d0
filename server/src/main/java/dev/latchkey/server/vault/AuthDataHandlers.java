package dev.latchkey.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.identity.Views.UserMetadata;
import dev.latchkey.server.vault.Records.Credential;
import dev.latchkey.server.vault.Records.Workspace;
import dev.latchkey.server.vault.Workspaces.Scope;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DynamoAI view of the vault, {@code /user-auth/...}: camelCase, integer {@code authId},
 * credentials grouped by auth type and provider with the AI systems each serves.
 */
public final class AuthDataHandlers {
  private static final Set<String> AUTH_TYPES =
      Set.of(ProviderKeys.REMOTE_CLOUD, ProviderKeys.REMOTE_CUSTOM);

  private final VaultFeature vault;
  private final Http http;

  public AuthDataHandlers(VaultFeature vault, Http http) {
    this.vault = vault;
    this.http = http;
  }

  /** {@code create_cloud_auth_data} (and REMOTE_CUSTOM configs): answers the new record. */
  public void create(Context ctx) {
    Input in =
        Input.of(
            http.body(ctx, JsonNode.class),
            Set.of("authType", "providerType", "name", "authConfig", "workspaceId"));
    String authType = in.text("authType", false, 20);
    if (authType == null && !in.errors().has("authType")) {
      authType = ProviderKeys.REMOTE_CLOUD;
    } else if (authType != null && !AUTH_TYPES.contains(authType)) {
      in.errors().add("authType", "must be REMOTE_CLOUD or REMOTE_CUSTOM");
    }
    String provider = dynamoProvider(in.text("providerType", true, 50), "providerType", in);
    String name = in.text("name", true, 200);
    String workspace = in.text("workspaceId", false, 200);
    JsonNode config = in.raw("authConfig");
    String key = null;
    if (config.isNull() || config.isMissingNode()) {
      in.errors().add("authConfig", "is required");
    } else if (!config.isObject()) {
      in.errors().add("authConfig", "must be an object");
    } else if (ProviderKeys.REMOTE_CLOUD.equals(authType)) {
      key = apiKeyOf(config, in);
    }
    in.throwIfAny();
    Scope scope = vault.scope(ctx);
    Workspace w = vault.workspaces().resolve(scope, workspace, "workspaceId");
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("name", name);
    Credential c =
        vault
            .keys()
            .create(
                scope,
                w,
                authType,
                provider,
                authType.equals(ProviderKeys.REMOTE_CLOUD)
                    ? new ProviderKeys.Patch(settings, key, null, "authConfig.apiKey")
                    : new ProviderKeys.Patch(settings, null, config, "authConfig"));
    ctx.status(201).json(Views.AuthDataRecord.of(c));
  }

  /** {@code get_user_auth_data_and_associations}: grouped by auth type, provider, key. */
  public void listGrouped(Context ctx) {
    String authType = Http.query(ctx, "authType");
    if (authType != null && !AUTH_TYPES.contains(authType)) {
      throw InvalidInputException.of("authType", "must be REMOTE_CLOUD or REMOTE_CUSTOM");
    }
    Input none =
        Input.of(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), Set.of());
    String provider =
        Http.query(ctx, "providerType") == null
            ? null
            : dynamoProvider(Http.query(ctx, "providerType"), "providerType", none);
    none.throwIfAny();
    Scope scope = vault.scope(ctx);
    Workspace w = vault.workspaces().resolve(scope, Http.query(ctx, "workspaceId"), "workspaceId");
    List<Credential> all = vault.keys().all(w, provider, authType);
    Map<Long, List<ProviderKeys.Mapped>> mappings = vault.keys().mappingsOf(all);
    ctx.json(
        new Views.AuthDataAndAssociations(
            userMetadata(scope),
            w.id(),
            group(all, ProviderKeys.REMOTE_CLOUD, mappings),
            group(all, ProviderKeys.REMOTE_CUSTOM, mappings)));
  }

  private Views.UserMetadata userMetadata(Scope scope) {
    String userId = scope.principal().userId();
    return new Views.UserMetadata(
        userId,
        userId == null
            ? null
            : vault.users().byId(userId, false).map(UserMetadata::email).orElse(null));
  }

  private static List<Views.ProviderGroup> group(
      List<Credential> all, String authType, Map<Long, List<ProviderKeys.Mapped>> mappings) {
    Map<String, List<Views.GroupedAuthData>> byProvider = new LinkedHashMap<>();
    for (Credential c : all) {
      if (!c.authType().equals(authType)) {
        continue;
      }
      byProvider
          .computeIfAbsent(ProviderRules.dynamoName(c.provider()), p -> new ArrayList<>())
          .add(
              new Views.GroupedAuthData(
                  c.authId(),
                  c.id(),
                  c.name(),
                  Views.iso(c.createdAt()),
                  Views.iso(c.updatedAt()),
                  Views.MappingView.of(mappings.getOrDefault(c.authId(), List.of())),
                  Views.MaskedConfig.of(c)));
    }
    List<Views.ProviderGroup> out = new ArrayList<>();
    byProvider.forEach((provider, entries) -> out.add(new Views.ProviderGroup(provider, entries)));
    return out;
  }

  /** {@code get_auth_data}: the record and its AI-system mappings. */
  public void get(Context ctx) {
    Credential c = vault.keys().getByAuthId(vault.scope(ctx), authId(ctx));
    ctx.json(
        new Views.AuthDataWithMappings(
            Views.AuthDataRecord.of(c),
            Views.MappingView.of(
                vault.keys().mappingsOf(List.of(c)).getOrDefault(c.authId(), List.of()))));
  }

  /** {@code edit_auth_data}: a new name and/or key (or custom config). */
  public void edit(Context ctx) {
    Scope scope = vault.scope(ctx);
    Credential c = vault.keys().getByAuthId(scope, authId(ctx));
    Input in = Input.of(http.body(ctx, JsonNode.class), Set.of("name", "authConfig", "apiKey"));
    Map<String, Object> settings = new LinkedHashMap<>();
    if (in.has("name")) {
      settings.put("name", in.text("name", true, 200));
    }
    String key = null;
    JsonNode config = null;
    String field = "authConfig";
    if (in.has("apiKey")) {
      key = in.exact("apiKey", true, ProviderRules.MAX_KEY);
      field = "apiKey";
    } else if (in.has("authConfig")) {
      JsonNode raw = in.raw("authConfig");
      if (!raw.isObject()) {
        in.errors().add("authConfig", "must be an object");
      } else if (c.authType().equals(ProviderKeys.REMOTE_CLOUD)) {
        key = apiKeyOf(raw, in);
        field = "authConfig.apiKey";
      } else {
        config = raw;
      }
    }
    in.throwIfAny();
    Credential updated =
        vault.keys().update(scope, c, new ProviderKeys.Patch(settings, key, config, field));
    ctx.json(Views.AuthDataRecord.of(updated));
  }

  public void delete(Context ctx) {
    Scope scope = vault.scope(ctx);
    Credential c = vault.keys().getByAuthId(scope, authId(ctx));
    Map<String, Long> promotions = vault.keys().delete(scope, c);
    ctx.json(
        new Views.DeletedAuthData(
            true,
            "Auth data "
                + c.authId()
                + " deleted"
                + (promotions.isEmpty()
                    ? ""
                    : "; new primary keys chosen for " + promotions.size() + " AI system(s)"),
            promotions));
  }

  /** {@code update_auth_mappings_on_auth_data}. */
  public void updateMappings(Context ctx) {
    Scope scope = vault.scope(ctx);
    Credential c = vault.keys().getByAuthId(scope, authId(ctx));
    Input in =
        Input.of(http.body(ctx, JsonNode.class), Set.of("aiSystemsToAdd", "aiSystemsToRemove"));
    List<String> add = in.strings("aiSystemsToAdd", 1000, 100);
    List<String> remove = in.strings("aiSystemsToRemove", 1000, 100);
    in.throwIfAny();
    ProviderKeys.MappingChange change =
        vault
            .keys()
            .updateMappings(
                scope,
                c,
                add == null ? List.of() : add,
                remove == null ? List.of() : remove,
                "aiSystemsToAdd",
                "aiSystemsToRemove");
    ctx.json(new Views.MappingsChanged(change.added(), change.removed(), change.promotions()));
  }

  // ---- parsing

  private static long authId(Context ctx) {
    String raw = ctx.pathParam("authId");
    if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(Character::isDigit)) {
      throw InvalidInputException.of("authId", "must be an integer auth id");
    }
    return Long.parseLong(raw);
  }

  private static String dynamoProvider(String provider, String field, Input in) {
    if (provider == null) {
      return null;
    }
    if (!ProviderRules.DYNAMO_PROVIDERS.contains(provider.toLowerCase(java.util.Locale.ROOT))) {
      in.errors().add(field, "must be one of " + ProviderRules.DYNAMO_PROVIDERS);
      return null;
    }
    return ProviderRules.canonical(provider);
  }

  private static String apiKeyOf(JsonNode config, Input in) {
    JsonNode k = config.get("apiKey");
    if (k == null || k.isNull()) {
      in.errors().add("authConfig.apiKey", "is required");
      return null;
    }
    if (!k.isTextual()) {
      in.errors().add("authConfig.apiKey", "must be a string");
      return null;
    }
    if (config.size() > 1) {
      in.errors().add("authConfig", "must hold only apiKey for REMOTE_CLOUD");
    }
    if (k.asText().length() > ProviderRules.MAX_KEY) {
      in.errors()
          .add(
              "authConfig.apiKey",
              "must be at most "
                  + ProviderRules.MAX_KEY
                  + " characters, got "
                  + k.asText().length());
      return null;
    }
    return k.asText();
  }
}
