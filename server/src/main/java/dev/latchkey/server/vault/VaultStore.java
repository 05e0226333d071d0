package dev.latchkey.server.vault;

import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.store.ColumnUpdate;
import dev.latchkey.server.store.Rows;
import dev.latchkey.server.vault.Records.AiSystem;
import dev.latchkey.server.vault.Records.Credential;
import dev.latchkey.server.vault.Records.Mapping;
import dev.latchkey.server.vault.Records.Slice;
import dev.latchkey.server.vault.Records.Workspace;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for workspaces, provider credentials, AI systems and their mappings. */
final class VaultStore {
  static final String CREDENTIAL_COLUMNS =
      "auth_id, id, workspace_id, auth_type, provider, name, label, secret, disabled, is_fallback, is_required,"
          + " is_byok_only, declared_zdr, allowed_models, allowed_api_key_hashes, allowed_user_ids, sort_order,"
          + " created_by, created_at, updated_at, deleted_at";
  static final String AI_SYSTEM_COLUMNS =
      "id, workspace_id, name, source, provider, model, model_type, config, created_at, updated_at";

  // ---- workspaces

  private static Workspace workspaceRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Workspace(
        rs.getString("id"),
        rs.getString("owner_type"),
        rs.getString("owner_id"),
        rs.getString("name"),
        rs.getBoolean("is_default"),
        rs.getLong("created_at"));
  }

  Optional<Workspace> workspace(Handle h, String id) {
    return h.createQuery(
            "SELECT id, owner_type, owner_id, name, is_default, created_at FROM workspaces WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id)
        .map(VaultStore::workspaceRow)
        .findOne();
  }

  Optional<Workspace> defaultWorkspace(Handle h, String ownerType, String ownerId) {
    return h.createQuery(
            "SELECT id, owner_type, owner_id, name, is_default, created_at FROM workspaces"
                + " WHERE owner_type = :type AND owner_id = :owner AND is_default = TRUE AND deleted_at IS NULL")
        .bind("type", ownerType)
        .bind("owner", ownerId)
        .map(VaultStore::workspaceRow)
        .findOne();
  }

  List<Workspace> workspacesOf(Handle h, String ownerType, Collection<String> ownerIds) {
    if (ownerIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery(
            "SELECT id, owner_type, owner_id, name, is_default, created_at FROM workspaces"
                + " WHERE owner_type = :type AND owner_id IN (<owners>) AND deleted_at IS NULL ORDER BY created_at, id")
        .bind("type", ownerType)
        .bindList("owners", List.copyOf(ownerIds))
        .map(VaultStore::workspaceRow)
        .list();
  }

  void insertWorkspace(Handle h, Workspace w) {
    h.createUpdate(
            "INSERT INTO workspaces (id, owner_type, owner_id, name, is_default, created_at)"
                + " VALUES (:id, :ownerType, :ownerId, :name, :isDefault, :createdAt)")
        .bind("id", w.id())
        .bind("ownerType", w.ownerType())
        .bind("ownerId", w.ownerId())
        .bind("name", w.name())
        .bind("isDefault", w.isDefault())
        .bind("createdAt", w.createdAt())
        .execute();
  }

  void renameWorkspace(Handle h, String id, String name) {
    h.createUpdate("UPDATE workspaces SET name = :name WHERE id = :id")
        .bind("name", name)
        .bind("id", id)
        .execute();
  }

  void deleteWorkspace(Handle h, String id, long now) {
    h.createUpdate(
            "UPDATE workspaces SET deleted_at = :now, is_default = FALSE WHERE id = :id AND deleted_at IS NULL")
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  Slice<Workspace> workspacesReachable(
      Handle h, Workspaces.Scope scope, String ownerType, String ownerId, long offset, int limit) {
    StringBuilder where = new StringBuilder(" FROM workspaces WHERE deleted_at IS NULL");
    Map<String, Object> binds = new LinkedHashMap<>();
    if (!scope.all()) {
      where.append(" AND ((owner_type = 'user' AND owner_id = :me)");
      binds.put("me", scope.userId() == null ? "" : scope.userId());
      if (!scope.orgIds().isEmpty()) {
        where.append(" OR (owner_type = 'org' AND owner_id IN (<orgs>))");
      }
      where.append(")");
    }
    if (ownerType != null) {
      where.append(" AND owner_type = :ownerType");
      binds.put("ownerType", ownerType);
    }
    if (ownerId != null) {
      where.append(" AND owner_id = :ownerId");
      binds.put("ownerId", ownerId);
    }
    var count = h.createQuery("SELECT count(*)" + where);
    var select =
        h.createQuery(
            "SELECT id, owner_type, owner_id, name, is_default, created_at"
                + where
                + " ORDER BY created_at, id LIMIT :limit OFFSET :offset");
    if (!scope.all() && !scope.orgIds().isEmpty()) {
      count.bindList("orgs", List.copyOf(scope.orgIds()));
      select.bindList("orgs", List.copyOf(scope.orgIds()));
    }
    binds.forEach(
        (k, v) -> {
          count.bind(k, v);
          select.bind(k, v);
        });
    long total = count.mapTo(Long.class).one();
    return new Slice<>(
        select.bind("limit", limit).bind("offset", offset).map(VaultStore::workspaceRow).list(),
        total);
  }

  // ---- credentials

  private static Credential credential(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Credential(
        rs.getLong("auth_id"),
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getString("auth_type"),
        rs.getString("provider"),
        rs.getString("name"),
        rs.getString("label"),
        rs.getString("secret"),
        rs.getBoolean("disabled"),
        rs.getBoolean("is_fallback"),
        rs.getBoolean("is_required"),
        rs.getBoolean("is_byok_only"),
        nullableBoolean(rs, "declared_zdr"),
        list(rs.getString("allowed_models")),
        list(rs.getString("allowed_api_key_hashes")),
        list(rs.getString("allowed_user_ids")),
        rs.getInt("sort_order"),
        rs.getString("created_by"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"),
        Rows.nullableLong(rs, "deleted_at"));
  }

  private static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
    boolean v = rs.getBoolean(column);
    return rs.wasNull() ? null : v;
  }

  private static List<String> list(String text) {
    return text == null ? null : JsonText.readStrings(text);
  }

  /** Inserts and returns the generated integer {@code auth_id}. */
  long insertCredential(Handle h, Credential c) {
    h.createUpdate(
            "INSERT INTO provider_credentials (id, workspace_id, auth_type, provider, name, label, secret, disabled,"
                + " is_fallback, is_required, is_byok_only, declared_zdr, allowed_models, allowed_api_key_hashes,"
                + " allowed_user_ids, sort_order, created_by, created_at, updated_at) VALUES (:id, :workspaceId, :authType,"
                + " :provider, :name, :label, :secret, :disabled, :isFallback, :isRequired, :isByokOnly, :declaredZdr,"
                + " :allowedModels, :allowedApiKeyHashes, :allowedUserIds, :sortOrder, :createdBy, :createdAt, :updatedAt)")
        .bind("id", c.id())
        .bind("workspaceId", c.workspaceId())
        .bind("authType", c.authType())
        .bind("provider", c.provider())
        .bindByType("name", c.name(), String.class)
        .bind("label", c.label())
        .bind("secret", c.secret())
        .bind("disabled", c.disabled())
        .bind("isFallback", c.isFallback())
        .bind("isRequired", c.isRequired())
        .bind("isByokOnly", c.isByokOnly())
        .bindByType("declaredZdr", c.declaredZdr(), Boolean.class)
        .bindByType("allowedModels", JsonText.write(c.allowedModels()), String.class)
        .bindByType("allowedApiKeyHashes", JsonText.write(c.allowedApiKeyHashes()), String.class)
        .bindByType("allowedUserIds", JsonText.write(c.allowedUserIds()), String.class)
        .bind("sortOrder", c.sortOrder())
        .bindByType("createdBy", c.createdBy(), String.class)
        .bind("createdAt", c.createdAt())
        .bind("updatedAt", c.updatedAt())
        .execute();
    return h.createQuery("SELECT auth_id FROM provider_credentials WHERE id = :id")
        .bind("id", c.id())
        .mapTo(Long.class)
        .one();
  }

  Optional<Credential> credentialById(Handle h, String id) {
    return h.createQuery(
            "SELECT " + CREDENTIAL_COLUMNS + " FROM provider_credentials WHERE id = :id")
        .bind("id", id)
        .map(VaultStore::credential)
        .findOne();
  }

  Optional<Credential> credentialByAuthId(Handle h, long authId) {
    return h.createQuery(
            "SELECT " + CREDENTIAL_COLUMNS + " FROM provider_credentials WHERE auth_id = :a")
        .bind("a", authId)
        .map(VaultStore::credential)
        .findOne();
  }

  List<Credential> credentialsByAuthIds(Handle h, Collection<Long> authIds) {
    if (authIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery(
            "SELECT " + CREDENTIAL_COLUMNS + " FROM provider_credentials WHERE auth_id IN (<ids>)")
        .bindList("ids", List.copyOf(authIds))
        .map(VaultStore::credential)
        .list();
  }

  /**
   * Live credentials of some workspaces, optionally of one provider and auth type, in use order.
   */
  Slice<Credential> credentials(
      Handle h,
      Collection<String> workspaceIds,
      String provider,
      String authType,
      long offset,
      int limit) {
    if (workspaceIds.isEmpty()) {
      return new Slice<>(List.of(), 0);
    }
    Map<String, Object> binds = new LinkedHashMap<>();
    StringBuilder where =
        new StringBuilder(
            " FROM provider_credentials WHERE deleted_at IS NULL AND workspace_id IN (<ws>)");
    if (provider != null) {
      where.append(" AND provider = :provider");
      binds.put("provider", provider);
    }
    if (authType != null) {
      where.append(" AND auth_type = :authType");
      binds.put("authType", authType);
    }
    var count = h.createQuery("SELECT count(*)" + where).bindList("ws", List.copyOf(workspaceIds));
    var select =
        h.createQuery(
                "SELECT "
                    + CREDENTIAL_COLUMNS
                    + where
                    + " ORDER BY provider, is_fallback, sort_order, auth_id LIMIT :limit OFFSET :offset")
            .bindList("ws", List.copyOf(workspaceIds));
    binds.forEach(
        (k, v) -> {
          count.bind(k, v);
          select.bind(k, v);
        });
    long total = count.mapTo(Long.class).one();
    List<Credential> rows =
        select.bind("limit", limit).bind("offset", offset).map(VaultStore::credential).list();
    return new Slice<>(rows, total);
  }

  long countLiveCredentials(Handle h, String workspaceId) {
    return h.createQuery(
            "SELECT count(*) FROM provider_credentials WHERE workspace_id = :w AND deleted_at IS NULL")
        .bind("w", workspaceId)
        .mapTo(Long.class)
        .one();
  }

  /**
   * Which of {@code ids} are live API keys that the workspace's owner may allow (any for the
   * project).
   */
  List<String> ownedApiKeys(Handle h, Workspace w, Collection<String> ids) {
    String owner =
        switch (w.ownerType()) {
          case Workspaces.USER -> " AND user_id = :owner AND org_id IS NULL";
          case Workspaces.ORG -> " AND org_id = :owner";
          default -> "";
        };
    var q =
        h.createQuery("SELECT id FROM api_keys WHERE deleted_at IS NULL AND id IN (<ids>)" + owner)
            .bindList("ids", List.copyOf(ids));
    if (!owner.isEmpty()) {
      q.bind("owner", w.ownerId());
    }
    return q.mapTo(String.class).list();
  }

  List<String> existingUsers(Handle h, Collection<String> ids) {
    return h.createQuery("SELECT id FROM users WHERE id IN (<ids>)")
        .bindList("ids", List.copyOf(ids))
        .mapTo(String.class)
        .list();
  }

  boolean updateCredential(Handle h, String id, Map<String, Object> columns) {
    return ColumnUpdate.set(h, "provider_credentials", id, columns, "deleted_at IS NULL") > 0;
  }

  /** Soft delete: the key material is wiped, the row kept and marked. */
  boolean deleteCredential(Handle h, String id, long now) {
    return h.createUpdate(
                "UPDATE provider_credentials SET secret = NULL, label = '', deleted_at = :now, updated_at = :now"
                    + " WHERE id = :id AND deleted_at IS NULL")
            .bind("now", now)
            .bind("id", id)
            .execute()
        > 0;
  }

  // ---- AI systems

  private static AiSystem aiSystemRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AiSystem(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getString("name"),
        rs.getString("source"),
        rs.getString("provider"),
        rs.getString("model"),
        rs.getString("model_type"),
        rs.getString("config"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }

  void insertAiSystem(Handle h, AiSystem a) {
    h.createUpdate(
            "INSERT INTO ai_systems ("
                + AI_SYSTEM_COLUMNS
                + ") VALUES (:id, :workspaceId, :name, :source, :provider,"
                + " :model, :modelType, :config, :createdAt, :updatedAt)")
        .bind("id", a.id())
        .bind("workspaceId", a.workspaceId())
        .bind("name", a.name())
        .bind("source", a.source())
        .bindByType("provider", a.provider(), String.class)
        .bindByType("model", a.model(), String.class)
        .bindByType("modelType", a.modelType(), String.class)
        .bind("config", a.config())
        .bind("createdAt", a.createdAt())
        .bind("updatedAt", a.updatedAt())
        .execute();
  }

  Optional<AiSystem> aiSystem(Handle h, String id) {
    return h.createQuery("SELECT " + AI_SYSTEM_COLUMNS + " FROM ai_systems WHERE id = :id")
        .bind("id", id)
        .map(VaultStore::aiSystemRow)
        .findOne();
  }

  List<AiSystem> aiSystems(Handle h, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return h.createQuery("SELECT " + AI_SYSTEM_COLUMNS + " FROM ai_systems WHERE id IN (<ids>)")
        .bindList("ids", List.copyOf(ids))
        .map(VaultStore::aiSystemRow)
        .list();
  }

  Slice<AiSystem> aiSystemsIn(Handle h, String workspaceId, long offset, int limit) {
    long total =
        h.createQuery("SELECT count(*) FROM ai_systems WHERE workspace_id = :w")
            .bind("w", workspaceId)
            .mapTo(Long.class)
            .one();
    List<AiSystem> rows =
        h.createQuery(
                "SELECT "
                    + AI_SYSTEM_COLUMNS
                    + " FROM ai_systems WHERE workspace_id = :w"
                    + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
            .bind("w", workspaceId)
            .bind("limit", limit)
            .bind("offset", offset)
            .map(VaultStore::aiSystemRow)
            .list();
    return new Slice<>(rows, total);
  }

  long countAiSystems(Handle h, String workspaceId) {
    return h.createQuery("SELECT count(*) FROM ai_systems WHERE workspace_id = :w")
        .bind("w", workspaceId)
        .mapTo(Long.class)
        .one();
  }

  boolean updateAiSystem(Handle h, String id, Map<String, Object> columns) {
    return ColumnUpdate.set(h, "ai_systems", id, columns, null) > 0;
  }

  boolean deleteAiSystem(Handle h, String id) {
    h.createUpdate("DELETE FROM ai_system_credentials WHERE ai_system_id = :id")
        .bind("id", id)
        .execute();
    return h.createUpdate("DELETE FROM ai_systems WHERE id = :id").bind("id", id).execute() > 0;
  }

  // ---- mappings

  private static Mapping mapping(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Mapping(
        rs.getLong("mapping_id"),
        rs.getString("ai_system_id"),
        rs.getLong("auth_id"),
        rs.getBoolean("is_primary"),
        rs.getInt("position"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }

  private static final String MAPPING_COLUMNS =
      "mapping_id, ai_system_id, auth_id, is_primary, position, created_at, updated_at";

  List<Mapping> mappingsOfSystem(Handle h, String aiSystemId) {
    return h.createQuery(
            "SELECT "
                + MAPPING_COLUMNS
                + " FROM ai_system_credentials WHERE ai_system_id = :id ORDER BY position, mapping_id")
        .bind("id", aiSystemId)
        .map(VaultStore::mapping)
        .list();
  }

  List<Mapping> mappingsOfCredentials(Handle h, Collection<Long> authIds) {
    if (authIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery(
            "SELECT "
                + MAPPING_COLUMNS
                + " FROM ai_system_credentials WHERE auth_id IN (<ids>) ORDER BY mapping_id")
        .bindList("ids", List.copyOf(authIds))
        .map(VaultStore::mapping)
        .list();
  }

  void insertMapping(
      Handle h, String aiSystemId, long authId, boolean primary, int position, long now) {
    h.createUpdate(
            "INSERT INTO ai_system_credentials (ai_system_id, auth_id, is_primary, position, created_at, updated_at)"
                + " VALUES (:s, :a, :p, :pos, :now, :now)")
        .bind("s", aiSystemId)
        .bind("a", authId)
        .bind("p", primary)
        .bind("pos", position)
        .bind("now", now)
        .execute();
  }

  void deleteMapping(Handle h, String aiSystemId, long authId) {
    h.createUpdate("DELETE FROM ai_system_credentials WHERE ai_system_id = :s AND auth_id = :a")
        .bind("s", aiSystemId)
        .bind("a", authId)
        .execute();
  }

  void deleteMappingsOfSystem(Handle h, String aiSystemId) {
    h.createUpdate("DELETE FROM ai_system_credentials WHERE ai_system_id = :s")
        .bind("s", aiSystemId)
        .execute();
  }

  void setPrimary(Handle h, String aiSystemId, long authId, long now) {
    h.createUpdate(
            "UPDATE ai_system_credentials SET is_primary = (auth_id = :a), updated_at = :now WHERE ai_system_id = :s")
        .bind("a", authId)
        .bind("s", aiSystemId)
        .bind("now", now)
        .execute();
  }
}
