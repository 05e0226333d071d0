package dev.latchkey.server.vault;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.vault.Records.AiSystem;
import dev.latchkey.server.vault.Records.Credential;
import dev.latchkey.server.vault.Records.Mapping;
import dev.latchkey.server.vault.Records.Slice;
import dev.latchkey.server.vault.Records.Workspace;
import dev.latchkey.server.vault.Workspaces.Scope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * AI systems (models) and the keys they use. A remote system names its keys by {@code
 * auth_data_ids} (integer auth ids or credential UUIDs of its own workspace) with one {@code
 * primary_auth_data_id} among them; it never takes a plaintext key.
 */
final class AiSystems {
  static final String REMOTE = "REMOTE";
  static final String LOCAL = "LOCAL";
  static final String CUSTOM_PROVIDER = "custom_model";

  /** A system as created or changed; {@code authRefs} null means "keep the mappings". */
  record Spec(
      String name,
      String source,
      String provider,
      String model,
      String modelType,
      String endpoint,
      String apiVersion,
      List<String> authRefs,
      String primaryRef) {}

  /** A system with its mappings in order, and the credentials they point at. */
  record View(
      AiSystem system,
      List<Mapping> mappings,
      Map<Long, Credential> credentials,
      Map<String, Long> promotions) {}

  private final Database db;
  private final VaultStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final Runnable changed;

  AiSystems(Database db, VaultStore store, AuditLog audit, Clock clock, Runnable changed) {
    this.db = db;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.changed = changed;
  }

  View create(Scope scope, Workspace w, Spec spec) {
    FieldErrors errors = new FieldErrors();
    boolean remote = spec.source().equals(REMOTE);
    List<String> refs = spec.authRefs() == null ? List.of() : spec.authRefs();
    if (remote && spec.provider() == null) {
      errors.add("provider", "is required for a REMOTE AI system");
    }
    boolean needsKeys = remote && !CUSTOM_PROVIDER.equals(spec.provider());
    if (needsKeys && refs.isEmpty()) {
      errors.add(
          "auth_data_ids", "must name at least one stored provider key for a REMOTE AI system");
    }
    if (!refs.isEmpty() && spec.primaryRef() == null) {
      errors.add(
          "primary_auth_data_id",
          "is required when auth_data_ids is given, and must be one of them");
    }
    errors.throwIfAny();
    String id = Ids.newUuid();
    long now = clock.instant().getEpochSecond();
    AiSystem system =
        new AiSystem(
            id,
            w.id(),
            spec.name(),
            spec.source(),
            spec.provider(),
            spec.model(),
            spec.modelType(),
            config(spec.endpoint(), spec.apiVersion()),
            now,
            now);
    View view =
        db.inTransaction(
            h -> {
              List<Credential> keys =
                  credentialsFor(h, w.id(), spec.provider(), refs, "auth_data_ids", errors);
              Long primary = primaryAmong(keys, refs, spec.primaryRef(), errors);
              errors.throwIfAny();
              store.insertAiSystem(h, system);
              if (!keys.isEmpty()) {
                Mappings.replace(
                    h, store, id, keys.stream().map(Credential::authId).toList(), primary, now);
              }
              audit.record(
                  h,
                  scope.principal().actor(),
                  "ai_system.created",
                  "ai_system",
                  id,
                  Map.of(
                      "workspace_id",
                      w.id(),
                      "auth_ids",
                      keys.stream().map(Credential::authId).toList()));
              return view(h, store.aiSystem(h, id).orElseThrow(), Map.of());
            });
    changed.run();
    return view;
  }

  View get(Scope scope, String id) {
    return db.withHandle(h -> view(h, reachable(h, scope, id), Map.of()));
  }

  AiSystem system(Scope scope, String id) {
    return db.withHandle(h -> reachable(h, scope, id));
  }

  private AiSystem reachable(Handle h, Scope scope, String id) {
    AiSystem s =
        id != null && Ids.isUuid(id)
            ? store.aiSystem(h, id.toLowerCase(Locale.ROOT)).orElse(null)
            : null;
    if (s == null) {
      throw notFound(id);
    }
    if (!scope.all()) {
      Workspace w = store.workspace(h, s.workspaceId()).orElse(null);
      if (w == null || !scope.reaches(w)) {
        throw notFound(id);
      }
    }
    return s;
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("No AI system " + (id == null ? "" : Workspaces.abbreviate(id)));
  }

  Slice<View> list(Workspace w, long offset, int limit) {
    return db.withHandle(
        h -> {
          Slice<AiSystem> page = store.aiSystemsIn(h, w.id(), offset, limit);
          List<View> views = new ArrayList<>();
          for (AiSystem s : page.items()) {
            views.add(view(h, s, Map.of()));
          }
          return new Slice<>(views, page.total());
        });
  }

  /**
   * Changes a system. {@code set} holds the plain fields sent (null clears the optional ones); a
   * new {@code authRefs} replaces the mappings, keeping the primary if it stays and otherwise
   * promoting the first of the new list; a {@code primaryRef} alone moves the primary.
   */
  View update(
      Scope scope, String id, Map<String, Object> set, List<String> authRefs, String primaryRef) {
    long now = clock.instant().getEpochSecond();
    View view =
        db.inTransaction(
            h -> {
              AiSystem s = reachable(h, scope, id);
              FieldErrors errors = new FieldErrors();
              Map<String, Object> columns = new LinkedHashMap<>();
              for (String plain : List.of("name", "model", "model_type")) {
                if (set.containsKey(plain)) {
                  columns.put(plain, set.get(plain));
                }
              }
              if (set.containsKey("endpoint") || set.containsKey("api_version")) {
                var current = JsonText.readTree(s.config());
                String endpoint =
                    set.containsKey("endpoint")
                        ? (String) set.get("endpoint")
                        : text(current, "endpoint");
                String apiVersion =
                    set.containsKey("api_version")
                        ? (String) set.get("api_version")
                        : text(current, "api_version");
                columns.put("config", config(endpoint, apiVersion));
              }
              List<Mapping> current = store.mappingsOfSystem(h, s.id());
              Long currentPrimary =
                  current.stream()
                      .filter(Mapping::isPrimary)
                      .map(Mapping::authId)
                      .findFirst()
                      .orElse(null);
              Map<String, Long> promotions = new LinkedHashMap<>();
              List<Long> newIds = null;
              Long newPrimary = null;
              if (authRefs != null) {
                boolean needsKeys =
                    s.source().equals(REMOTE) && !CUSTOM_PROVIDER.equals(s.provider());
                if (needsKeys && authRefs.isEmpty()) {
                  errors.add(
                      "auth_data_ids",
                      "must name at least one stored provider key for a REMOTE AI system");
                }
                List<Credential> keys =
                    credentialsFor(
                        h, s.workspaceId(), s.provider(), authRefs, "auth_data_ids", errors);
                newIds = keys.stream().map(Credential::authId).toList();
                if (primaryRef != null) {
                  newPrimary = primaryAmong(keys, authRefs, primaryRef, errors);
                } else if (!newIds.isEmpty()) {
                  newPrimary = newIds.contains(currentPrimary) ? currentPrimary : newIds.get(0);
                }
              } else if (primaryRef != null) {
                Credential c = credentialByRef(h, primaryRef);
                if (c == null || current.stream().noneMatch(m -> m.authId() == c.authId())) {
                  errors.add("primary_auth_data_id", "must be one of the AI system's mapped keys");
                } else {
                  newPrimary = c.authId();
                }
              }
              errors.throwIfAny();
              if (!columns.isEmpty()) {
                columns.put("updated_at", now);
                store.updateAiSystem(h, s.id(), columns);
              }
              if (newIds != null) {
                if (newIds.isEmpty()) {
                  store.deleteMappingsOfSystem(h, s.id());
                } else {
                  Mappings.replace(h, store, s.id(), newIds, newPrimary, now);
                }
              } else if (newPrimary != null) {
                store.setPrimary(h, s.id(), newPrimary, now);
              }
              Long finalPrimary =
                  newIds != null
                      ? (newIds.isEmpty() ? null : newPrimary)
                      : (newPrimary != null ? newPrimary : currentPrimary);
              if (primaryRef == null && !java.util.Objects.equals(currentPrimary, finalPrimary)) {
                promotions.put(s.id(), finalPrimary);
              }
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("fields", new ArrayList<>(columns.keySet()));
              details.put("mappings_replaced", newIds != null);
              audit.record(
                  h, scope.principal().actor(), "ai_system.updated", "ai_system", s.id(), details);
              return view(h, store.aiSystem(h, s.id()).orElseThrow(), promotions);
            });
    changed.run();
    return view;
  }

  void delete(Scope scope, String id) {
    db.inTransaction(
        h -> {
          AiSystem s = reachable(h, scope, id);
          store.deleteAiSystem(h, s.id());
          audit.record(
              h, scope.principal().actor(), "ai_system.deleted", "ai_system", s.id(), Map.of());
          return null;
        });
    changed.run();
  }

  // ---- helpers

  private View view(Handle h, AiSystem s, Map<String, Long> promotions) {
    List<Mapping> mappings = store.mappingsOfSystem(h, s.id());
    Map<Long, Credential> credentials = new LinkedHashMap<>();
    for (Credential c :
        store.credentialsByAuthIds(h, mappings.stream().map(Mapping::authId).toList())) {
      credentials.put(c.authId(), c);
    }
    return new View(s, mappings, credentials, promotions);
  }

  /** A reference to a credential: its integer auth id, or its UUID. */
  private Credential credentialByRef(Handle h, String ref) {
    if (ref.chars().allMatch(Character::isDigit) && !ref.isEmpty() && ref.length() < 18) {
      return store.credentialByAuthId(h, Long.parseLong(ref)).orElse(null);
    }
    return Ids.isUuid(ref)
        ? store.credentialById(h, ref.toLowerCase(Locale.ROOT)).orElse(null)
        : null;
  }

  /** The live credentials the references name, each checked against the workspace and provider. */
  private List<Credential> credentialsFor(
      Handle h,
      String workspaceId,
      String provider,
      List<String> refs,
      String field,
      FieldErrors errors) {
    List<Credential> out = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      String f = field + "[" + i + "]";
      Credential c = credentialByRef(h, refs.get(i));
      if (c == null || c.deletedAt() != null || !c.workspaceId().equals(workspaceId)) {
        errors.add(f, "is not a provider key in the AI system's workspace");
      } else if (provider != null && !provider.equals(c.provider())) {
        errors.add(
            f,
            "is a '" + c.provider() + "' key, which cannot serve a '" + provider + "' AI system");
      } else if (out.stream().anyMatch(o -> o.authId() == c.authId())) {
        errors.add(f, "names a key already in the list");
      } else {
        out.add(c);
      }
    }
    return out;
  }

  private static Long primaryAmong(
      List<Credential> keys, List<String> refs, String primaryRef, FieldErrors errors) {
    if (primaryRef == null) {
      return null;
    }
    for (Credential c : keys) {
      if (primaryRef.equals(String.valueOf(c.authId())) || primaryRef.equalsIgnoreCase(c.id())) {
        return c.authId();
      }
    }
    if (!errors.has("auth_data_ids") && errors.isEmpty()) {
      errors.add("primary_auth_data_id", "must be one of auth_data_ids");
    }
    return null;
  }

  private static String config(String endpoint, String apiVersion) {
    Map<String, Object> c = new LinkedHashMap<>();
    if (endpoint != null) {
      c.put("endpoint", endpoint);
    }
    if (apiVersion != null) {
      c.put("api_version", apiVersion);
    }
    return JsonText.write(c);
  }

  static String text(com.fasterxml.jackson.databind.JsonNode node, String field) {
    return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
  }
}
