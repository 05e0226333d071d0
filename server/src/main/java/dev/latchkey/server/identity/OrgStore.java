package dev.latchkey.server.identity;

import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.store.ColumnUpdate;
import dev.latchkey.server.store.Database.Dialect;
import dev.latchkey.server.store.Paging;
import dev.latchkey.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code orgs}, {@code org_members} and {@code org_invites}. */
final class OrgStore {
  static final String COLUMNS =
      "id, name, slug, can_setup_saml, is_saml_configured, is_saml_in_test_mode, max_users, metadata, domain,"
          + " extra_domains, domain_autojoin, domain_restrict, custom_role_mapping_name, legacy_org_id,"
          + " require_2fa_by, password_rotation_enabled, password_rotation_history_size,"
          + " password_rotation_period, created_at";

  /** Orders of {@code fetch_org_by_query}. */
  enum Order {
    CREATED_AT_ASC("created_at ASC, id ASC"),
    CREATED_AT_DESC("created_at DESC, id DESC"),
    NAME("lower(name) ASC, id ASC");

    final String sql;

    Order(String sql) {
      this.sql = sql;
    }
  }

  private final Dialect dialect;

  OrgStore(Dialect dialect) {
    this.dialect = dialect;
  }

  static OrgRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new OrgRow(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("slug"),
        rs.getBoolean("can_setup_saml"),
        rs.getBoolean("is_saml_configured"),
        rs.getBoolean("is_saml_in_test_mode"),
        Rows.nullableInt(rs, "max_users"),
        rs.getString("metadata"),
        rs.getString("domain"),
        rs.getString("extra_domains"),
        rs.getBoolean("domain_autojoin"),
        rs.getBoolean("domain_restrict"),
        rs.getString("custom_role_mapping_name"),
        rs.getString("legacy_org_id"),
        rs.getString("require_2fa_by"),
        rs.getBoolean("password_rotation_enabled"),
        Rows.nullableInt(rs, "password_rotation_history_size"),
        Rows.nullableInt(rs, "password_rotation_period"),
        rs.getLong("created_at"));
  }

  void insert(Handle h, OrgRow o) {
    h.createUpdate(
            "INSERT INTO orgs ("
                + COLUMNS
                + ") VALUES (:id, :name, :slug, :canSetupSaml, :isSamlConfigured,"
                + " :isSamlInTestMode, :maxUsers, :metadata, :domain, :extraDomains, :domainAutojoin, :domainRestrict,"
                + " :customRoleMappingName, :legacyOrgId, :require2faBy, :passwordRotationEnabled,"
                + " :passwordRotationHistorySize, :passwordRotationPeriod, :createdAt)")
        .bindMethods(o)
        .execute();
  }

  Optional<OrgRow> byId(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM orgs WHERE id = :id")
        .bind("id", id)
        .map(OrgStore::map)
        .findOne();
  }

  /** Reads the org and, on PostgreSQL, locks it until the transaction ends (member limits). */
  Optional<OrgRow> byIdForUpdate(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM orgs WHERE id = :id" + dialect.forUpdate())
        .bind("id", id)
        .map(OrgStore::map)
        .findOne();
  }

  boolean slugTaken(Handle h, String slug, String exceptId) {
    return h.createQuery("SELECT count(*) FROM orgs WHERE slug = :slug AND id <> :except")
            .bind("slug", slug)
            .bind("except", exceptId == null ? "" : exceptId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  Page<OrgRow> query(
      Handle h, String name, String legacyOrgId, String domain, Order order, PageRequest page) {
    StringBuilder where = new StringBuilder(" FROM orgs WHERE 1 = 1");
    Map<String, Object> binds = new LinkedHashMap<>();
    if (name != null) {
      where.append(" AND (lower(name) LIKE :name ESCAPE '!' OR slug LIKE :name ESCAPE '!')");
      binds.put("name", "%" + UserStore.likeEscape(name.toLowerCase(java.util.Locale.ROOT)) + "%");
    }
    if (legacyOrgId != null) {
      where.append(" AND legacy_org_id = :legacy");
      binds.put("legacy", legacyOrgId);
    }
    if (domain != null) {
      where.append(" AND domain = :domain");
      binds.put("domain", domain);
    }
    return Paging.page(h, COLUMNS, where.toString(), order.sql, binds, page, OrgStore::map);
  }

  /** Orgs whose users may join by email domain (auto-join enabled for {@code domain}). */
  List<OrgRow> autojoinFor(Handle h, String domain) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM orgs WHERE domain_autojoin = TRUE AND domain = :domain")
        .bind("domain", domain)
        .map(OrgStore::map)
        .list();
  }

  boolean update(Handle h, String id, Map<String, Object> columns) {
    if (columns.isEmpty()) {
      return byId(h, id).isPresent();
    }
    return ColumnUpdate.set(h, "orgs", id, columns, null) > 0;
  }

  boolean delete(Handle h, String id) {
    return h.createUpdate("DELETE FROM orgs WHERE id = :id").bind("id", id).execute() > 0;
  }

  // ---- memberships

  private static final String MEMBERSHIP_SELECT =
      "SELECT m.org_id, m.user_id, m.role, m.additional_roles, m.joined_at, o.name, o.slug, o.metadata, o.legacy_org_id"
          + " FROM org_members m JOIN orgs o ON o.id = m.org_id";

  private static Membership mapMembership(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Membership(
        rs.getString("org_id"),
        rs.getString("user_id"),
        rs.getString("role"),
        JsonText.readStrings(rs.getString("additional_roles")),
        rs.getLong("joined_at"),
        rs.getString("name"),
        rs.getString("slug"),
        rs.getString("metadata"),
        rs.getString("legacy_org_id"));
  }

  /** Every membership of the given users, oldest first. */
  List<Membership> membershipsOf(Handle h, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery(
            MEMBERSHIP_SELECT + " WHERE m.user_id IN (<ids>) ORDER BY m.joined_at, m.org_id")
        .bindList("ids", List.copyOf(userIds))
        .map(OrgStore::mapMembership)
        .list();
  }

  Optional<Membership> membership(Handle h, String orgId, String userId) {
    return h.createQuery(MEMBERSHIP_SELECT + " WHERE m.org_id = :org AND m.user_id = :user")
        .bind("org", orgId)
        .bind("user", userId)
        .map(OrgStore::mapMembership)
        .findOne();
  }

  void addMember(
      Handle h, String orgId, String userId, String role, List<String> additionalRoles, long now) {
    h.createUpdate(
            "INSERT INTO org_members (org_id, user_id, role, additional_roles, joined_at)"
                + " VALUES (:org, :user, :role, :extra, :now)")
        .bind("org", orgId)
        .bind("user", userId)
        .bind("role", role)
        .bind("extra", JsonText.write(additionalRoles))
        .bind("now", now)
        .execute();
  }

  boolean changeRole(
      Handle h, String orgId, String userId, String role, List<String> additionalRoles) {
    return h.createUpdate(
                "UPDATE org_members SET role = :role, additional_roles = :extra WHERE org_id = :org AND user_id = :user")
            .bind("org", orgId)
            .bind("user", userId)
            .bind("role", role)
            .bind("extra", JsonText.write(additionalRoles))
            .execute()
        > 0;
  }

  boolean removeMember(Handle h, String orgId, String userId) {
    return h.createUpdate("DELETE FROM org_members WHERE org_id = :org AND user_id = :user")
            .bind("org", orgId)
            .bind("user", userId)
            .execute()
        > 0;
  }

  long memberCount(Handle h, String orgId) {
    return h.createQuery("SELECT count(*) FROM org_members WHERE org_id = :org")
        .bind("org", orgId)
        .mapTo(Long.class)
        .one();
  }

  // ---- invitations

  private static final String INVITE_COLUMNS =
      "i.id, i.org_id, o.name, i.email, i.role, i.additional_roles, i.inviter_user_id, i.inviter_email,"
          + " i.created_at, i.expires_at";
  private static final String INVITE_SELECT =
      "SELECT " + INVITE_COLUMNS + " FROM org_invites i JOIN orgs o ON o.id = i.org_id";

  private static InviteRow mapInvite(ResultSet rs, StatementContext ctx) throws SQLException {
    return new InviteRow(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("name"),
        rs.getString("email"),
        rs.getString("role"),
        JsonText.readStrings(rs.getString("additional_roles")),
        rs.getString("inviter_user_id"),
        rs.getString("inviter_email"),
        rs.getLong("created_at"),
        rs.getLong("expires_at"));
  }

  /** Replaces any earlier invitation of the same address into the same org. */
  void putInvite(Handle h, InviteRow invite, String tokenDigest) {
    deleteInvite(h, invite.orgId(), invite.email());
    h.createUpdate(
            "INSERT INTO org_invites (id, org_id, email, role, additional_roles, inviter_user_id, inviter_email,"
                + " token_digest, created_at, expires_at) VALUES (:id, :org, :email, :role, :extra, :inviterId,"
                + " :inviterEmail, :digest, :createdAt, :expiresAt)")
        .bind("id", invite.id())
        .bind("org", invite.orgId())
        .bind("email", invite.email())
        .bind("role", invite.role())
        .bind("extra", JsonText.write(invite.additionalRoles()))
        .bind("inviterId", invite.inviterUserId())
        .bind("inviterEmail", invite.inviterEmail())
        .bind("digest", tokenDigest)
        .bind("createdAt", invite.createdAt())
        .bind("expiresAt", invite.expiresAt())
        .execute();
  }

  Optional<InviteRow> inviteByDigest(Handle h, String digest) {
    return h.createQuery(INVITE_SELECT + " WHERE i.token_digest = :digest")
        .bind("digest", digest)
        .map(OrgStore::mapInvite)
        .findOne();
  }

  boolean deleteInvite(Handle h, String orgId, String email) {
    return h.createUpdate("DELETE FROM org_invites WHERE org_id = :org AND email = :email")
            .bind("org", orgId)
            .bind("email", email)
            .execute()
        > 0;
  }

  /** Pending (unexpired) invitations other than {@code exceptEmail}'s, for member limits. */
  long pendingInviteCount(Handle h, String orgId, String exceptEmail, long now) {
    return h.createQuery(
            "SELECT count(*) FROM org_invites WHERE org_id = :org AND expires_at > :now AND email <> :email")
        .bind("org", orgId)
        .bind("now", now)
        .bind("email", exceptEmail == null ? "" : exceptEmail)
        .mapTo(Long.class)
        .one();
  }

  Page<InviteRow> pendingInvites(Handle h, String orgId, long now, PageRequest page) {
    Map<String, Object> binds = new LinkedHashMap<>();
    binds.put("now", now);
    String fromWhere =
        " FROM org_invites i JOIN orgs o ON o.id = i.org_id WHERE i.expires_at > :now";
    if (orgId != null) {
      fromWhere += " AND i.org_id = :org";
      binds.put("org", orgId);
    }
    return Paging.page(
        h, INVITE_COLUMNS, fromWhere, "i.created_at DESC, i.id", binds, page, OrgStore::mapInvite);
  }
}
