package dev.latchkey.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.vault.Records.Credential;
import dev.latchkey.server.vault.Records.Slice;
import dev.latchkey.server.vault.Records.Workspace;
import dev.latchkey.server.vault.Workspaces.Scope;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenRouter view of the vault, {@code /api/v1/byok}: wire-compatible with {@code
 * @openrouter/sdk} (create answers 201, delete {@code {"deleted":true}}, list pages by offset with
 * a default of 50 and a maximum of 100, errors in OpenRouter's envelope).
 */
public final class ByokHandlers {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 100;
  private static final Set<String> SETTINGS =
      Set.of(
          "name",
          "disabled",
          "is_fallback",
          "is_required",
          "is_byok_only",
          "declared_zdr",
          "allowed_models",
          "allowed_api_key_hashes",
          "allowed_user_ids",
          "sort_order");
  private static final Set<String> CREATE_FIELDS =
      union(SETTINGS, Set.of("provider", "key", "workspace_id"));
  private static final Set<String> UPDATE_FIELDS = union(SETTINGS, Set.of("key"));

  private final VaultFeature vault;
  private final Http http;

  public ByokHandlers(VaultFeature vault, Http http) {
    this.vault = vault;
    this.http = http;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  public void list(Context ctx) {
    FieldErrors errors = new FieldErrors();
    Long limit = Http.queryLong(ctx, "limit");
    Long offset = Http.queryLong(ctx, "offset");
    errors.range("limit", limit, 1, MAX_LIMIT);
    errors.range("offset", offset, 0, Integer.MAX_VALUE);
    String provider = Http.query(ctx, "provider");
    if (provider != null && !ProviderRules.validSlug(ProviderRules.canonical(provider))) {
      errors.add("provider", "must be a provider slug such as 'openai' or 'amazon-bedrock'");
    }
    errors.throwIfAny();
    Scope scope = vault.scope(ctx);
    Workspace w =
        vault.workspaces().resolve(scope, Http.query(ctx, "workspace_id"), "workspace_id");
    Slice<Credential> page =
        vault
            .keys()
            .list(
                w,
                provider == null ? null : ProviderRules.canonical(provider),
                null,
                offset == null ? 0 : offset,
                limit == null ? DEFAULT_LIMIT : limit.intValue());
    ctx.json(new Views.Page<>(page.items().stream().map(Views.ByokKey::of).toList(), page.total()));
  }

  public void create(Context ctx) {
    Input in = Input.of(http.body(ctx, JsonNode.class), CREATE_FIELDS);
    String provider = in.text("provider", true, 100);
    if (provider != null && !ProviderRules.validSlug(ProviderRules.canonical(provider))) {
      in.errors().add("provider", "must be a provider slug such as 'openai' or 'amazon-bedrock'");
    }
    String key = in.exact("key", true, ProviderRules.MAX_KEY);
    String workspace = in.text("workspace_id", false, 200);
    Map<String, Object> settings = settings(in);
    in.throwIfAny();
    Scope scope = vault.scope(ctx);
    Workspace w = vault.workspaces().resolve(scope, workspace, "workspace_id");
    Credential c =
        vault
            .keys()
            .create(
                scope,
                w,
                ProviderKeys.REMOTE_CLOUD,
                ProviderRules.canonical(provider),
                new ProviderKeys.Patch(settings, key, null, "key"));
    ctx.status(201).json(new Views.Data<>(Views.ByokKey.of(c)));
  }

  public void get(Context ctx) {
    ctx.json(
        new Views.Data<>(
            Views.ByokKey.of(vault.keys().get(vault.scope(ctx), ctx.pathParam("id")))));
  }

  public void update(Context ctx) {
    Scope scope = vault.scope(ctx);
    Credential c = vault.keys().get(scope, ctx.pathParam("id"));
    Input in = Input.of(http.body(ctx, JsonNode.class), UPDATE_FIELDS);
    String key = in.exact("key", false, ProviderRules.MAX_KEY);
    if (in.isNull("key")) {
      in.errors().add("key", "cannot be cleared; delete the credential instead");
    }
    Map<String, Object> settings = settings(in);
    in.throwIfAny();
    Credential updated =
        vault.keys().update(scope, c, new ProviderKeys.Patch(settings, key, null, "key"));
    ctx.json(new Views.Data<>(Views.ByokKey.of(updated)));
  }

  public void delete(Context ctx) {
    Scope scope = vault.scope(ctx);
    Credential c = vault.keys().get(scope, ctx.pathParam("id"));
    Map<String, Long> promotions = vault.keys().delete(scope, c);
    ctx.json(new Views.DeletedByok(true, c.id(), promotions));
  }

  /** The settings fields present in a create or update body, validated, by column name. */
  static Map<String, Object> settings(Input in) {
    Map<String, Object> set = new LinkedHashMap<>();
    if (in.has("name")) {
      set.put("name", in.text("name", false, 200));
    }
    for (String flag : List.of("disabled", "is_fallback", "is_required", "is_byok_only")) {
      if (in.has(flag)) {
        if (in.isNull(flag)) {
          in.errors().add(flag, "must be true or false");
        } else {
          set.put(flag, in.bool(flag));
        }
      }
    }
    if (in.has("declared_zdr")) {
      set.put("declared_zdr", in.bool("declared_zdr"));
    }
    if (in.has("allowed_models")) {
      set.put("allowed_models", in.strings("allowed_models", 1000, 200));
    }
    if (in.has("allowed_api_key_hashes")) {
      set.put("allowed_api_key_hashes", in.strings("allowed_api_key_hashes", 100, 100));
    }
    if (in.has("allowed_user_ids")) {
      set.put("allowed_user_ids", in.strings("allowed_user_ids", 1000, 100));
    }
    if (in.has("sort_order")) {
      if (in.isNull("sort_order")) {
        in.errors().add("sort_order", "must be an integer");
      } else {
        set.put("sort_order", in.integer("sort_order", -1_000_000, 1_000_000));
      }
    }
    return set;
  }
}
