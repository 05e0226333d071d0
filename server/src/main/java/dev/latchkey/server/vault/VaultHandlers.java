package dev.latchkey.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.vault.Records.Credential;
import dev.latchkey.server.vault.Records.Mapping;
import dev.latchkey.server.vault.Records.Slice;
import dev.latchkey.server.vault.Records.Workspace;
import dev.latchkey.server.vault.Workspaces.Scope;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Workspaces, AI systems and resolve, under {@code /api/v1}, in the BYOK view's conventions. */
public final class VaultHandlers {
  private static final Set<String> SYSTEM_FIELDS =
      Set.of(
          "name",
          "source",
          "provider",
          "model",
          "model_type",
          "endpoint",
          "api_version",
          "auth_data_ids",
          "primary_auth_data_id",
          "workspace_id");
  private static final Set<String> SYSTEM_UPDATE_FIELDS =
      Set.of(
          "name",
          "model",
          "model_type",
          "endpoint",
          "api_version",
          "auth_data_ids",
          "primary_auth_data_id");

  private final VaultFeature vault;
  private final Http http;

  public VaultHandlers(VaultFeature vault, Http http) {
    this.vault = vault;
    this.http = http;
  }

  // ---- workspaces

  public void listWorkspaces(Context ctx) {
    Window window = window(ctx);
    String ownerType = Http.query(ctx, "owner_type");
    if (ownerType != null
        && !Set.of(Workspaces.PROJECT, Workspaces.ORG, Workspaces.USER).contains(ownerType)) {
      throw InvalidInputException.of("owner_type", "must be project, org or user");
    }
    Slice<Workspace> page =
        vault
            .workspaces()
            .list(
                vault.scope(ctx),
                ownerType,
                Http.query(ctx, "owner_id"),
                window.offset(),
                window.limit());
    ctx.json(page(page.items().stream().map(VaultHandlers::workspace).toList(), page.total()));
  }

  public void createWorkspace(Context ctx) {
    Input in = Input.of(http.body(ctx, JsonNode.class), Set.of("name", "org_id", "user_id"));
    String name = in.text("name", true, 100);
    String orgId = in.text("org_id", false, 100);
    String userId = in.text("user_id", false, 100);
    if (orgId != null && userId != null) {
      in.errors().add("user_id", "cannot be given together with org_id");
    }
    in.throwIfAny();
    ctx.status(201)
        .json(
            Map.of(
                "data",
                workspace(vault.workspaces().create(vault.scope(ctx), name, orgId, userId))));
  }

  public void getWorkspace(Context ctx) {
    ctx.json(
        Map.of("data", workspace(vault.workspaces().get(vault.scope(ctx), ctx.pathParam("id")))));
  }

  public void updateWorkspace(Context ctx) {
    Scope scope = vault.scope(ctx);
    vault.workspaces().get(scope, ctx.pathParam("id"));
    Input in = Input.of(http.body(ctx, JsonNode.class), Set.of("name"));
    String name = in.text("name", true, 100);
    in.throwIfAny();
    ctx.json(
        Map.of("data", workspace(vault.workspaces().rename(scope, ctx.pathParam("id"), name))));
  }

  public void deleteWorkspace(Context ctx) {
    vault.workspaces().delete(vault.scope(ctx), ctx.pathParam("id"));
    ctx.json(Map.of("deleted", true));
  }

  static Map<String, Object> workspace(Workspace w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", w.id());
    m.put("name", w.name());
    m.put("owner_type", w.ownerType());
    m.put("owner_id", w.ownerId());
    m.put("is_default", w.isDefault());
    m.put("created_at", Views.iso(w.createdAt()));
    return m;
  }

  // ---- AI systems

  public void createSystem(Context ctx) {
    Input in = Input.of(http.body(ctx, JsonNode.class), SYSTEM_FIELDS);
    String name = in.text("name", true, 200);
    String source = in.text("source", false, 10);
    if (source == null) {
      source = AiSystems.REMOTE;
    } else {
      source = source.toUpperCase(Locale.ROOT);
      if (!source.equals(AiSystems.REMOTE) && !source.equals(AiSystems.LOCAL)) {
        in.errors().add("source", "must be REMOTE or LOCAL");
      }
    }
    String provider = provider(in);
    String model = in.text("model", false, 200);
    String modelType = in.text("model_type", false, 50);
    String endpoint = endpoint(in);
    String apiVersion = in.text("api_version", false, 50);
    List<String> refs = refs(in, "auth_data_ids");
    String primary = ref(in, "primary_auth_data_id");
    String workspace = in.text("workspace_id", false, 200);
    in.throwIfAny();
    Scope scope = vault.scope(ctx);
    Workspace w = vault.workspaces().resolve(scope, workspace, "workspace_id");
    AiSystems.View view =
        vault
            .systems()
            .create(
                scope,
                w,
                new AiSystems.Spec(
                    name, source, provider, model, modelType, endpoint, apiVersion, refs, primary));
    ctx.status(201).json(Map.of("data", system(view)));
  }

  public void listSystems(Context ctx) {
    Window window = window(ctx);
    Scope scope = vault.scope(ctx);
    Workspace w =
        vault.workspaces().resolve(scope, Http.query(ctx, "workspace_id"), "workspace_id");
    Slice<AiSystems.View> page = vault.systems().list(w, window.offset(), window.limit());
    ctx.json(page(page.items().stream().map(VaultHandlers::system).toList(), page.total()));
  }

  public void getSystem(Context ctx) {
    ctx.json(Map.of("data", system(vault.systems().get(vault.scope(ctx), ctx.pathParam("id")))));
  }

  public void updateSystem(Context ctx) {
    Scope scope = vault.scope(ctx);
    vault.systems().system(scope, ctx.pathParam("id"));
    JsonNode body = http.body(ctx, JsonNode.class);
    if (body != null && body.isObject()) {
      for (String fixed : List.of("source", "provider", "workspace_id")) {
        if (body.has(fixed)) {
          throw InvalidInputException.of(
              fixed, "cannot be changed; create a new AI system instead");
        }
      }
    }
    Input in = Input.of(body, SYSTEM_UPDATE_FIELDS);
    Map<String, Object> set = new LinkedHashMap<>();
    if (in.has("name")) {
      set.put("name", in.text("name", true, 200));
    }
    if (in.has("model")) {
      set.put("model", in.text("model", false, 200));
    }
    if (in.has("model_type")) {
      set.put("model_type", in.text("model_type", false, 50));
    }
    if (in.has("endpoint")) {
      set.put("endpoint", endpoint(in));
    }
    if (in.has("api_version")) {
      set.put("api_version", in.text("api_version", false, 50));
    }
    List<String> refs = null;
    if (in.has("auth_data_ids")) {
      refs = refs(in, "auth_data_ids");
      if (refs == null) {
        refs = List.of();
      }
    }
    String primary = ref(in, "primary_auth_data_id");
    in.throwIfAny();
    AiSystems.View view = vault.systems().update(scope, ctx.pathParam("id"), set, refs, primary);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("data", system(view));
    out.put("promotions", view.promotions());
    ctx.json(out);
  }

  public void deleteSystem(Context ctx) {
    vault.systems().delete(vault.scope(ctx), ctx.pathParam("id"));
    ctx.json(Map.of("deleted", true));
  }

  static Map<String, Object> system(AiSystems.View v) {
    var s = v.system();
    JsonNode config = dev.latchkey.server.common.JsonText.readTree(s.config());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("workspace_id", s.workspaceId());
    m.put("name", s.name());
    m.put("source", s.source());
    m.put("provider", s.provider());
    m.put("model", s.model());
    m.put("model_type", s.modelType());
    m.put("endpoint", AiSystems.text(config, "endpoint"));
    m.put("api_version", AiSystems.text(config, "api_version"));
    Long primary =
        v.mappings().stream()
            .filter(Mapping::isPrimary)
            .map(Mapping::authId)
            .findFirst()
            .orElse(null);
    m.put("primary_auth_data_id", primary);
    m.put("auth_data_ids", v.mappings().stream().map(Mapping::authId).toList());
    List<Map<String, Object>> keys = new ArrayList<>();
    for (Mapping mapping : v.mappings()) {
      Credential c = v.credentials().get(mapping.authId());
      if (c == null) {
        continue;
      }
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("auth_id", c.authId());
      k.put("id", c.id());
      k.put("provider", c.provider());
      k.put("name", c.name());
      k.put("label", c.label());
      k.put("is_primary", mapping.isPrimary());
      k.put("position", mapping.position());
      k.put("disabled", c.disabled());
      k.put("is_fallback", c.isFallback());
      k.put("sort_order", c.sortOrder());
      keys.add(k);
    }
    m.put("keys", keys);
    m.put("created_at", Views.iso(s.createdAt()));
    m.put("updated_at", Views.iso(s.updatedAt()));
    return m;
  }

  // ---- resolve

  public void resolve(Context ctx) {
    Input in =
        Input.of(
            http.body(ctx, JsonNode.class),
            Set.of(
                "ai_system_id",
                "provider",
                "model",
                "workspace_id",
                "api_key_id",
                "user_id",
                "limit"));
    String system = in.text("ai_system_id", false, 100);
    String provider = in.has("provider") ? provider(in) : null;
    String model = in.text("model", false, 200);
    String workspace = in.text("workspace_id", false, 200);
    String apiKeyId = in.text("api_key_id", false, 100);
    String userId = in.text("user_id", false, 100);
    Integer limit = in.integer("limit", 1, 100);
    if (system == null
        && provider == null
        && !in.errors().has("provider")
        && !in.errors().has("ai_system_id")) {
      in.errors().add("ai_system_id", "or provider is required");
    }
    if (system != null && (provider != null || workspace != null)) {
      in.errors()
          .add(
              "ai_system_id",
              "cannot be combined with provider or workspace_id: the AI system names both");
    }
    in.throwIfAny();
    Scope scope = vault.scope(ctx);
    Resolver.Result r =
        vault
            .resolver()
            .resolve(
                scope,
                new Resolver.Request(system, provider, model, workspace, apiKeyId, userId, limit));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ai_system_id", r.aiSystemId());
    body.put("workspace_id", r.workspaceId());
    body.put("provider", r.provider());
    body.put("model", r.model());
    List<Map<String, Object>> keys = new ArrayList<>();
    for (Resolver.ResolvedKey k : r.keys()) {
      Credential c = k.credential();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id());
      m.put("auth_id", c.authId());
      m.put("provider", c.provider());
      m.put("name", c.name());
      m.put("label", c.label());
      m.put("auth_type", c.authType());
      m.put("is_primary", k.primary());
      m.put("is_fallback", c.isFallback());
      m.put("sort_order", c.sortOrder());
      m.put("is_required", c.isRequired());
      m.put("is_byok_only", c.isByokOnly());
      if (k.key() != null) {
        m.put("key", k.key());
      } else {
        m.put("auth_config", k.authConfig());
      }
      keys.add(m);
    }
    body.put("keys", keys);
    body.put("undecryptable", r.undecryptable());
    body.put("allow_shared_capacity", r.allowSharedCapacity());
    ctx.header("Cache-Control", "no-store").json(body);
  }

  // ---- parsing

  private record Window(long offset, int limit) {}

  private static Window window(Context ctx) {
    FieldErrors errors = new FieldErrors();
    Long limit = Http.queryLong(ctx, "limit");
    Long offset = Http.queryLong(ctx, "offset");
    errors.range("limit", limit, 1, ByokHandlers.MAX_LIMIT);
    errors.range("offset", offset, 0, Integer.MAX_VALUE);
    errors.throwIfAny();
    return new Window(
        offset == null ? 0 : offset, limit == null ? ByokHandlers.DEFAULT_LIMIT : limit.intValue());
  }

  private static Map<String, Object> page(List<?> data, long total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", data);
    m.put("total_count", total);
    return m;
  }

  private static String provider(Input in) {
    String p = in.text("provider", false, 100);
    if (p == null) {
      return null;
    }
    String canonical = ProviderRules.canonical(p);
    if (!ProviderRules.validSlug(canonical)) {
      in.errors().add("provider", "must be a provider slug such as 'openai' or 'amazon-bedrock'");
      return null;
    }
    return canonical;
  }

  private static String endpoint(Input in) {
    String e = in.text("endpoint", false, 2048);
    return e == null ? null : in.errors().url("endpoint", e);
  }

  /** An auth-data reference: an integer auth id or a credential UUID, as text. */
  private static String ref(Input in, String field) {
    JsonNode v = in.raw(field);
    if (v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() > 0) {
      return String.valueOf(v.longValue());
    }
    if (v.isTextual()
        && (dev.latchkey.server.common.Ids.isUuid(v.asText())
            || v.asText().matches("[0-9]{1,18}"))) {
      return v.asText();
    }
    in.errors().add(field, "must be an integer auth id or a provider key's UUID");
    return null;
  }

  private static List<String> refs(Input in, String field) {
    JsonNode v = in.raw(field);
    if (v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (!v.isArray() || v.size() > 100) {
      in.errors().add(field, "must be an array of at most 100 auth ids");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (item.isIntegralNumber() && item.canConvertToLong() && item.longValue() > 0) {
        out.add(String.valueOf(item.longValue()));
      } else if (item.isTextual()
          && (dev.latchkey.server.common.Ids.isUuid(item.asText())
              || item.asText().matches("[0-9]{1,18}"))) {
        out.add(item.asText());
      } else {
        in.errors()
            .add(field + "[" + i + "]", "must be an integer auth id or a provider key's UUID");
      }
    }
    return out;
  }
}
