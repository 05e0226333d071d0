package dev.latchkey.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.SealedColumns;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.vault.Records.AiSystem;
import dev.latchkey.server.vault.Records.Credential;
import dev.latchkey.server.vault.Records.Mapping;
import dev.latchkey.server.vault.Records.Slice;
import dev.latchkey.server.vault.Records.Workspace;
import dev.latchkey.server.vault.Workspaces.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Provider credentials: validated, sealed under the master keyset (bound to row and workspace),
 * never returned. Both API views (OpenRouter BYOK, DynamoAI auth-data) call this one service.
 */
final class ProviderKeys {
  static final String REMOTE_CLOUD = "REMOTE_CLOUD";
  static final String REMOTE_CUSTOM = "REMOTE_CUSTOM";
  static final int MAX_CONFIG_BYTES = FieldErrors.MAX_JSON_BYTES;

  /**
   * The settings a request changes. {@code columns} holds only the fields the caller sent (a value
   * may be null: PATCH clears it); {@code key} or {@code authConfig} is new secret material, named
   * in errors by {@code secretField}.
   */
  record Patch(Map<String, Object> columns, String key, JsonNode authConfig, String secretField) {}

  private final Database db;
  private final VaultStore store;
  private final Workspaces workspaces;
  private final MasterKeys sealer;
  private final LiveCheck liveCheck;
  private final AuditLog audit;
  private final Clock clock;
  private final Runnable changed;

  ProviderKeys(
      Database db,
      VaultStore store,
      Workspaces workspaces,
      MasterKeys sealer,
      LiveCheck liveCheck,
      AuditLog audit,
      Clock clock,
      Runnable changed) {
    this.db = db;
    this.store = store;
    this.workspaces = workspaces;
    this.sealer = sealer;
    this.liveCheck = liveCheck;
    this.audit = audit;
    this.clock = clock;
    this.changed = changed;
  }

  // ---- reads

  /** A live credential by its UUID; 404 when missing, deleted or in another tenant's workspace. */
  Credential get(Scope scope, String id) {
    if (id == null || !Ids.isUuid(id)) {
      throw notFound(id);
    }
    return reachable(
        scope,
        db.withHandle(h -> store.credentialById(h, id.toLowerCase(java.util.Locale.ROOT)))
            .orElse(null),
        id);
  }

  /** A live credential by its integer {@code auth_id}; 404 as for {@link #get}. */
  Credential getByAuthId(Scope scope, long authId) {
    return reachable(
        scope,
        db.withHandle(h -> store.credentialByAuthId(h, authId)).orElse(null),
        String.valueOf(authId));
  }

  private Credential reachable(Scope scope, Credential c, String asked) {
    if (c == null || c.deletedAt() != null) {
      throw notFound(asked);
    }
    if (!scope.all()) {
      Workspace w = db.withHandle(h -> store.workspace(h, c.workspaceId())).orElse(null);
      if (w == null || !scope.reaches(w)) {
        throw notFound(asked);
      }
    }
    return c;
  }

  private static NotFoundException notFound(String asked) {
    return new NotFoundException(
        "No provider key " + (asked == null ? "" : Workspaces.abbreviate(asked)));
  }

  Slice<Credential> list(Workspace w, String provider, String authType, long offset, int limit) {
    return db.withHandle(
        h -> store.credentials(h, List.of(w.id()), provider, authType, offset, limit));
  }

  /** Every live credential of a workspace (the grouped DynamoAI listing), capped. */
  List<Credential> all(Workspace w, String provider, String authType) {
    return list(w, provider, authType, 0, 10_000).items();
  }

  /** The mappings of some credentials, with their AI systems, for the views. */
  record Mapped(Mapping mapping, AiSystem system) {}

  Map<Long, List<Mapped>> mappingsOf(List<Credential> credentials) {
    return db.withHandle(
        h -> {
          List<Mapping> mappings =
              store.mappingsOfCredentials(h, credentials.stream().map(Credential::authId).toList());
          Map<String, AiSystem> systems = new LinkedHashMap<>();
          for (AiSystem s :
              store.aiSystems(h, mappings.stream().map(Mapping::aiSystemId).distinct().toList())) {
            systems.put(s.id(), s);
          }
          Map<Long, List<Mapped>> out = new LinkedHashMap<>();
          for (Mapping m : mappings) {
            out.computeIfAbsent(m.authId(), k -> new ArrayList<>())
                .add(new Mapped(m, systems.get(m.aiSystemId())));
          }
          return out;
        });
  }

  // ---- writes

  /** A new credential in {@code w}; the key is checked (format, then live when enabled) first. */
  Credential create(Scope scope, Workspace w, String authType, String provider, Patch patch) {
    String id = Ids.newUuid();
    long now = clock.instant().getEpochSecond();
    Credential base =
        new Credential(
            0,
            id,
            w.id(),
            authType,
            provider,
            null,
            "",
            null,
            false,
            false,
            false,
            false,
            null,
            null,
            null,
            null,
            0,
            scope.principal().userId(),
            now,
            now,
            null);
    Credential merged = merge(base, patch.columns());
    FieldErrors errors = new FieldErrors();
    checkRules(merged, errors);
    byte[] secret = secretOf(authType, provider, patch, true, errors);
    checkReferences(w, merged, errors);
    errors.throwIfAny();
    if (authType.equals(REMOTE_CLOUD)) {
      liveCheck.check(provider, patch.key(), patch.secretField());
    }
    Credential stored =
        new Credential(
            0,
            id,
            w.id(),
            authType,
            provider,
            merged.name(),
            labelOf(authType, patch),
            sealer.seal(secret, aad(id, w.id())),
            merged.disabled(),
            merged.isFallback(),
            merged.isRequired(),
            merged.isByokOnly(),
            merged.declaredZdr(),
            merged.allowedModels(),
            merged.allowedApiKeyHashes(),
            merged.allowedUserIds(),
            merged.sortOrder(),
            merged.createdBy(),
            now,
            now,
            null);
    java.util.Arrays.fill(secret, (byte) 0);
    Credential created =
        db.inTransaction(
            h -> {
              long authId = store.insertCredential(h, stored);
              audit.record(
                  h,
                  scope.principal().actor(),
                  "provider_key.created",
                  "provider_key",
                  id,
                  Map.of(
                      "auth_id",
                      authId,
                      "provider",
                      provider,
                      "workspace_id",
                      w.id(),
                      "auth_type",
                      authType));
              return store.credentialById(h, id).orElseThrow();
            });
    changed.run();
    return created;
  }

  /** Applies a patch; a new key is checked like on create and rotated in place. */
  Credential update(Scope scope, Credential c, Patch patch) {
    long now = clock.instant().getEpochSecond();
    Credential merged = merge(c, patch.columns());
    FieldErrors errors = new FieldErrors();
    checkRules(merged, errors);
    boolean newSecret = patch.key() != null || patch.authConfig() != null;
    if (patch.key() != null && c.authType().equals(REMOTE_CUSTOM)) {
      errors.add(
          patch.secretField(),
          "cannot be set on a REMOTE_CUSTOM credential; send authConfig instead");
    }
    if (patch.authConfig() != null && c.authType().equals(REMOTE_CLOUD) && patch.key() == null) {
      errors.add(patch.secretField(), "must hold apiKey for a REMOTE_CLOUD credential");
    }
    byte[] secret =
        newSecret && errors.isEmpty()
            ? secretOf(c.authType(), c.provider(), patch, true, errors)
            : null;
    Workspace w =
        db.withHandle(h -> store.workspace(h, c.workspaceId())).orElseThrow(() -> notFound(c.id()));
    checkReferences(w, merged, errors);
    errors.throwIfAny();
    if (patch.key() != null) {
      liveCheck.check(c.provider(), patch.key(), patch.secretField());
    }
    Map<String, Object> set = new LinkedHashMap<>();
    patch.columns().forEach((column, value) -> set.put(column, toColumn(value)));
    if (secret != null) {
      set.put("secret", sealer.seal(secret, aad(c.id(), c.workspaceId())));
      set.put("label", labelOf(c.authType(), patch));
      java.util.Arrays.fill(secret, (byte) 0);
    }
    if (set.isEmpty()) {
      return c;
    }
    set.put("updated_at", now);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("fields", new ArrayList<>(new TreeMap<>(patch.columns()).keySet()));
    details.put("key_rotated", secret != null);
    Credential updated =
        db.inTransaction(
            h -> {
              if (!store.updateCredential(h, c.id(), set)) {
                throw notFound(c.id());
              }
              audit.record(
                  h,
                  scope.principal().actor(),
                  "provider_key.updated",
                  "provider_key",
                  c.id(),
                  details);
              return store.credentialById(h, c.id()).orElseThrow();
            });
    changed.run();
    return updated;
  }

  /**
   * Soft delete: the key material is wiped, the row marked; its AI-system mappings go, each primary
   * removed promoting the next. Returns the promotions (AI system id to new primary auth_id, or
   * null when the system has no key left).
   */
  Map<String, Long> delete(Scope scope, Credential c) {
    long now = clock.instant().getEpochSecond();
    Map<String, Long> promotions =
        db.inTransaction(
            h -> {
              Map<String, Long> promoted = unmapAll(h, c.authId(), now);
              if (!store.deleteCredential(h, c.id(), now)) {
                throw notFound(c.id());
              }
              audit.record(
                  h,
                  scope.principal().actor(),
                  "provider_key.deleted",
                  "provider_key",
                  c.id(),
                  Map.of("auth_id", c.authId(), "promotions", promoted.size()));
              return promoted;
            });
    changed.run();
    return promotions;
  }

  private Map<String, Long> unmapAll(Handle h, long authId, long now) {
    Map<String, Long> promoted = new LinkedHashMap<>();
    for (Mapping m : store.mappingsOfCredentials(h, List.of(authId))) {
      Mappings.Removal r = Mappings.remove(h, store, m.aiSystemId(), authId, now);
      if (r.primaryChanged()) {
        promoted.put(m.aiSystemId(), r.newPrimary());
      }
    }
    return promoted;
  }

  /** Wipes every credential of a workspace whose owner was deleted. */
  int wipeWorkspace(Handle h, Workspace w, long now) {
    int n = 0;
    for (Credential c : store.credentials(h, List.of(w.id()), null, null, 0, 100_000).items()) {
      unmapAll(h, c.authId(), now);
      if (store.deleteCredential(h, c.id(), now)) {
        n++;
      }
    }
    store.deleteWorkspace(h, w.id(), now);
    return n;
  }

  /** What a mapping update did: the systems added and removed, and the primaries that moved. */
  record MappingChange(List<String> added, List<String> removed, Map<String, Long> promotions) {}

  /**
   * Maps the credential to {@code add} and unmaps it from {@code remove} (AI system ids of its
   * workspace), all or nothing. Adding an existing mapping or removing a missing one changes
   * nothing and is not reported.
   */
  MappingChange updateMappings(
      Scope scope,
      Credential c,
      List<String> add,
      List<String> remove,
      String addField,
      String removeField) {
    FieldErrors errors = new FieldErrors();
    long now = clock.instant().getEpochSecond();
    MappingChange change =
        db.inTransaction(
            h -> {
              checkSystems(h, c, add, addField, true, errors);
              checkSystems(h, c, remove, removeField, false, errors);
              errors.throwIfAny();
              List<String> added = new ArrayList<>();
              List<String> removed = new ArrayList<>();
              Map<String, Long> promotions = new LinkedHashMap<>();
              for (String systemId : remove) {
                Mappings.Removal r = Mappings.remove(h, store, systemId, c.authId(), now);
                if (r.removed()) {
                  removed.add(systemId);
                }
                if (r.primaryChanged()) {
                  promotions.put(systemId, r.newPrimary());
                }
              }
              for (String systemId : add) {
                if (remove.contains(systemId)) {
                  continue;
                }
                if (Mappings.add(h, store, systemId, c.authId(), now)) {
                  added.add(systemId);
                }
              }
              if (!added.isEmpty() || !removed.isEmpty()) {
                audit.record(
                    h,
                    scope.principal().actor(),
                    "provider_key.mappings_updated",
                    "provider_key",
                    c.id(),
                    Map.of("added", added, "removed", removed));
              }
              return new MappingChange(added, removed, promotions);
            });
    changed.run();
    return change;
  }

  private void checkSystems(
      Handle h, Credential c, List<String> ids, String field, boolean adding, FieldErrors errors) {
    for (int i = 0; i < ids.size(); i++) {
      String f = field + "[" + i + "]";
      String id = ids.get(i);
      AiSystem s =
          Ids.isUuid(id)
              ? store.aiSystem(h, id.toLowerCase(java.util.Locale.ROOT)).orElse(null)
              : null;
      if (s == null || !s.workspaceId().equals(c.workspaceId())) {
        errors.add(f, "is not an AI system in this credential's workspace");
      } else if (adding && s.provider() != null && !s.provider().equals(c.provider())) {
        errors.add(
            f,
            "is an AI system of provider '"
                + s.provider()
                + "', which a '"
                + c.provider()
                + "' key cannot serve");
      }
    }
  }

  // ---- rules

  static String aad(String id, String workspaceId) {
    return SealedColumns.PROVIDER_SECRET.associatedData(id, workspaceId);
  }

  private static Credential merge(Credential c, Map<String, Object> set) {
    return new Credential(
        c.authId(),
        c.id(),
        c.workspaceId(),
        c.authType(),
        c.provider(),
        pick(set, "name", c.name()),
        c.label(),
        c.secret(),
        pickBool(set, "disabled", c.disabled()),
        pickBool(set, "is_fallback", c.isFallback()),
        pickBool(set, "is_required", c.isRequired()),
        pickBool(set, "is_byok_only", c.isByokOnly()),
        set.containsKey("declared_zdr") ? (Boolean) set.get("declared_zdr") : c.declaredZdr(),
        pickList(set, "allowed_models", c.allowedModels()),
        pickList(set, "allowed_api_key_hashes", c.allowedApiKeyHashes()),
        pickList(set, "allowed_user_ids", c.allowedUserIds()),
        set.containsKey("sort_order") ? (Integer) set.get("sort_order") : c.sortOrder(),
        c.createdBy(),
        c.createdAt(),
        c.updatedAt(),
        c.deletedAt());
  }

  private static String pick(Map<String, Object> set, String k, String current) {
    return set.containsKey(k) ? (String) set.get(k) : current;
  }

  private static boolean pickBool(Map<String, Object> set, String k, boolean current) {
    return set.containsKey(k) && set.get(k) != null ? (Boolean) set.get(k) : current;
  }

  @SuppressWarnings("unchecked")
  private static List<String> pickList(Map<String, Object> set, String k, List<String> current) {
    return set.containsKey(k) ? (List<String>) set.get(k) : current;
  }

  private static Object toColumn(Object value) {
    return value instanceof List<?> list ? JsonText.write(list) : value;
  }

  private static void checkRules(Credential c, FieldErrors errors) {
    if (c.isFallback() && c.isByokOnly()) {
      errors.add(
          "is_byok_only",
          "cannot be combined with is_fallback: byok-only applies to prioritized keys only");
    }
    if (c.allowedApiKeyHashes() != null && c.allowedApiKeyHashes().isEmpty()) {
      errors.add(
          "allowed_api_key_hashes",
          "must list at least one API key, or be null for no restriction");
    }
  }

  /** The plaintext to seal, after the per-provider rules; null (with an error) when refused. */
  private static byte[] secretOf(
      String authType, String provider, Patch patch, boolean required, FieldErrors errors) {
    if (authType.equals(REMOTE_CLOUD)) {
      String key = patch.key();
      if (key == null) {
        if (required) {
          errors.add(patch.secretField(), "is required");
        }
        return null;
      }
      ProviderRules.problem(provider, key).ifPresent(p -> errors.add(patch.secretField(), p));
      return errors.has(patch.secretField()) ? null : key.getBytes(StandardCharsets.UTF_8);
    }
    JsonNode config = patch.authConfig();
    if (config == null || !config.isObject() || config.isEmpty()) {
      errors.add(patch.secretField(), "must be a non-empty JSON object");
      return null;
    }
    String text = JsonText.write(config);
    if (text.length() > MAX_CONFIG_BYTES) {
      errors.add(
          patch.secretField(),
          "must be at most " + MAX_CONFIG_BYTES + " bytes of JSON, got " + text.length());
      return null;
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String labelOf(String authType, Patch patch) {
    if (authType.equals(REMOTE_CLOUD)) {
      return ProviderRules.mask(patch.key());
    }
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = patch.authConfig().fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    String joined = String.join(", ", names.subList(0, Math.min(5, names.size())));
    String label = "custom config {" + joined + (names.size() > 5 ? ", …" : "") + "}";
    return label.length() <= 200 ? label : label.substring(0, 199) + "…";
  }

  /**
   * API keys in {@code allowed_api_key_hashes} must exist and belong to the workspace's owner (any
   * key for a project workspace); users in {@code allowed_user_ids} must exist.
   */
  private void checkReferences(Workspace w, Credential c, FieldErrors errors) {
    List<String> keys = c.allowedApiKeyHashes() == null ? List.of() : c.allowedApiKeyHashes();
    List<String> users = c.allowedUserIds() == null ? List.of() : c.allowedUserIds();
    if (keys.isEmpty() && users.isEmpty()) {
      return;
    }
    db.withHandle(
        h -> {
          if (!keys.isEmpty()) {
            Set<String> owned = Set.copyOf(store.ownedApiKeys(h, w, keys));
            for (int i = 0; i < keys.size(); i++) {
              if (!owned.contains(keys.get(i))) {
                errors.add(
                    "allowed_api_key_hashes[" + i + "]",
                    "is not an API key of this workspace's owner");
              }
            }
          }
          if (!users.isEmpty()) {
            Set<String> known = Set.copyOf(store.existingUsers(h, users));
            for (int i = 0; i < users.size(); i++) {
              if (!known.contains(users.get(i))) {
                errors.add("allowed_user_ids[" + i + "]", "is not a user");
              }
            }
          }
          return null;
        });
  }
}
