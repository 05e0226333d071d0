package dev.latchkey.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.InvalidInputException;
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
    ctx.json(
        new Views.Page<>(
            page.items().stream().map(Views.WorkspaceView::of).toList(), page.total()));
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
            new Views.Data<>(
                Views.WorkspaceView.of(
                    vault.workspaces().create(vault.scope(ctx), name, orgId, userId))));
  }

  public void getWorkspace(Context ctx) {
    ctx.json(
        new Views.Data<>(
            Views.WorkspaceView.of(vault.workspaces().get(vault.scope(ctx), ctx.pathParam("id")))));
  }

  public void updateWorkspace(Context ctx) {
    Scope scope = vault.scope(ctx);
    vault.workspaces().get(scope, ctx.pathParam("id"));
    Input in = Input.of(http.body(ctx, JsonNode.class), Set.of("name"));
    String name = in.text("name", true, 100);
    in.throwIfAny();
    ctx.json(
        new Views.Data<>(
            Views.WorkspaceView.of(vault.workspaces().rename(scope, ctx.pathParam("id"), name))));
  }

  public void deleteWorkspace(Context ctx) {
    vault.workspaces().delete(vault.scope(ctx), ctx.pathParam("id"));
    ctx.json(Views.Deleted.YES);
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
    ctx.status(201).json(new Views.Data<>(Views.AiSystemView.of(view)));
  }

  public void listSystems(Context ctx) {
    Window window = window(ctx);
    Scope scope = vault.scope(ctx);
    Workspace w =
        vault.workspaces().resolve(scope, Http.query(ctx, "workspace_id"), "workspace_id");
    Slice<AiSystems.View> page = vault.systems().list(w, window.offset(), window.limit());
    ctx.json(
        new Views.Page<>(page.items().stream().map(Views.AiSystemView::of).toList(), page.total()));
  }

  public void getSystem(Context ctx) {
    ctx.json(
        new Views.Data<>(
            Views.AiSystemView.of(vault.systems().get(vault.scope(ctx), ctx.pathParam("id")))));
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
    ctx.json(new Views.UpdatedAiSystem(Views.AiSystemView.of(view), view.promotions()));
  }

  public void deleteSystem(Context ctx) {
    vault.systems().delete(vault.scope(ctx), ctx.pathParam("id"));
    ctx.json(Views.Deleted.YES);
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
    ctx.header("Cache-Control", "no-store").json(Views.Resolved.of(r));
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
