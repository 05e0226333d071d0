package dev.latchkey.server.vault;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.ConflictException;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.Principal;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.vault.Records.Slice;
import dev.latchkey.server.vault.Records.Workspace;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Workspaces and who may reach them. The project has a default workspace (for management keys),
 * every org has one and every user has a personal one, each made on first use; owners may add more.
 *
 * <ul>
 *   <li>a management key reaches every workspace;
 *   <li>a user's access token or personal API key reaches the user's workspaces, and those of each
 *       org where the user's role grants {@value #PERMISSION};
 *   <li>an org API key reaches its org's workspaces.
 * </ul>
 *
 * A workspace out of reach is answered exactly like one that does not exist.
 */
final class Workspaces {
  static final String PERMISSION = "latchkey::can_manage_provider_keys";
  static final String PROJECT = "project";
  static final String ORG = "org";
  static final String USER = "user";

  private final Database db;
  private final VaultStore store;
  private final UserService users;
  private final AuditLog audit;
  private final Clock clock;

  Workspaces(Database db, VaultStore store, UserService users, AuditLog audit, Clock clock) {
    this.db = db;
    this.store = store;
    this.users = users;
    this.audit = audit;
    this.clock = clock;
  }

  /** What a caller reaches: everything, or one user's and some orgs' workspaces. */
  record Scope(
      Principal principal,
      boolean all,
      String userId,
      Set<String> orgIds,
      String defaultOwnerType,
      String defaultOwnerId) {
    boolean reaches(String ownerType, String ownerId) {
      return all
          || (ownerType.equals(USER) && ownerId.equals(userId))
          || (ownerType.equals(ORG) && orgIds.contains(ownerId));
    }

    boolean reaches(Workspace w) {
      return reaches(w.ownerType(), w.ownerId());
    }
  }

  Scope scope(Principal p) {
    return switch (p.kind()) {
      case MANAGEMENT_KEY -> new Scope(p, true, null, Set.of(), PROJECT, PROJECT);
      case USER -> new Scope(p, false, p.userId(), managedOrgs(p.userId()), USER, p.userId());
      case API_KEY ->
          p.orgId() != null
              ? new Scope(p, false, null, Set.of(p.orgId()), ORG, p.orgId())
              : new Scope(p, false, p.userId(), Set.of(), USER, p.userId());
      case KEYPAIR -> new Scope(p, false, p.userId(), Set.of(), USER, p.userId());
    };
  }

  private Set<String> managedOrgs(String userId) {
    return users.orgsGranting(userId, PERMISSION);
  }

  /**
   * The workspace a request names in {@code field}: an id, or {@code project}, {@code org:<id>} or
   * {@code user:<id>} for that owner's default; absent means the caller's default. A workspace the
   * caller cannot reach is a 400 naming the field (list and create filters) or a 404.
   */
  Workspace resolve(Scope scope, String requested, String field) {
    if (requested == null) {
      return ensureDefault(scope.defaultOwnerType(), scope.defaultOwnerId());
    }
    String r = requested.strip();
    String ownerType = null;
    String ownerId = null;
    if (r.equals(PROJECT)) {
      ownerType = PROJECT;
      ownerId = PROJECT;
    } else if (r.startsWith("org:") || r.startsWith("user:")) {
      ownerType = r.substring(0, r.indexOf(':'));
      ownerId = r.substring(r.indexOf(':') + 1);
    }
    if (ownerType != null) {
      if (!scope.reaches(ownerType, ownerId) || !ownerExists(ownerType, ownerId)) {
        throw unreachable(field);
      }
      return ensureDefault(ownerType, ownerId);
    }
    if (!Ids.isUuid(r)) {
      throw InvalidInputException.of(
          field, "must be a workspace id, 'project', 'org:<org_id>' or 'user:<user_id>'");
    }
    return db.withHandle(h -> store.workspace(h, r.toLowerCase(java.util.Locale.ROOT)))
        .filter(scope::reaches)
        .orElseThrow(() -> unreachable(field));
  }

  private static InvalidInputException unreachable(String field) {
    return InvalidInputException.of(field, "is not a workspace you can reach");
  }

  /** A workspace by id for reading or changing it: 404 when it is missing or out of reach. */
  Workspace get(Scope scope, String id) {
    if (!Ids.isUuid(id)) {
      throw notFound(id);
    }
    return db.withHandle(h -> store.workspace(h, id.toLowerCase(java.util.Locale.ROOT)))
        .filter(scope::reaches)
        .orElseThrow(() -> notFound(id));
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("No workspace " + abbreviate(id));
  }

  static String abbreviate(String v) {
    return v.length() <= 64 ? v : v.substring(0, 64) + "…";
  }

  private boolean ownerExists(String ownerType, String ownerId) {
    return db.withHandle(h -> ownerExists(h, ownerType, ownerId));
  }

  private static boolean ownerExists(Handle h, String ownerType, String ownerId) {
    if (ownerType.equals(PROJECT)) {
      return ownerId.equals(PROJECT);
    }
    String table = ownerType.equals(ORG) ? "orgs" : "users";
    return h.createQuery("SELECT count(*) FROM " + table + " WHERE id = :id")
            .bind("id", ownerId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  /** The owner's default workspace, made now if it does not exist yet (a race makes one). */
  Workspace ensureDefault(String ownerType, String ownerId) {
    Optional<Workspace> found = db.withHandle(h -> store.defaultWorkspace(h, ownerType, ownerId));
    if (found.isPresent()) {
      return found.get();
    }
    String name =
        switch (ownerType) {
          case USER -> "Personal";
          default -> "Default";
        };
    Workspace w =
        new Workspace(
            Ids.newUuid(), ownerType, ownerId, name, true, clock.instant().getEpochSecond());
    try {
      db.inTransaction(
          h -> {
            store.insertWorkspace(h, w);
            return null;
          });
      return w;
    } catch (StatementException e) {
      return db.withHandle(h -> store.defaultWorkspace(h, ownerType, ownerId)).orElseThrow(() -> e);
    }
  }

  /** All workspaces the caller reaches, the default ones made first. */
  Slice<Workspace> list(Scope scope, String ownerType, String ownerId, long offset, int limit) {
    if (!scope.all()) {
      ensureDefault(scope.defaultOwnerType(), scope.defaultOwnerId());
      for (String org : scope.orgIds()) {
        ensureDefault(ORG, org);
      }
    } else if (ownerType == null) {
      ensureDefault(PROJECT, PROJECT);
    }
    return db.withHandle(
        h -> store.workspacesReachable(h, scope, ownerType, ownerId, offset, limit));
  }

  /**
   * A new, non-default workspace. A management key names the owner ({@code org_id} or {@code
   * user_id}; neither means the project); other callers create for their own user or a reachable
   * org.
   */
  Workspace create(Scope scope, String name, String orgId, String userId) {
    String ownerType;
    String ownerId;
    if (orgId != null) {
      ownerType = ORG;
      ownerId = orgId;
    } else if (userId != null) {
      ownerType = USER;
      ownerId = userId;
    } else {
      ownerType = scope.defaultOwnerType();
      ownerId = scope.defaultOwnerId();
    }
    String field = orgId != null ? "org_id" : "user_id";
    if (!scope.reaches(ownerType, ownerId) && !(scope.all() && ownerType.equals(PROJECT))) {
      throw InvalidInputException.of(field, "is not an owner you can create workspaces for");
    }
    if (!ownerExists(ownerType, ownerId)) {
      throw InvalidInputException.of(field, "does not exist");
    }
    ensureDefault(ownerType, ownerId);
    Workspace w =
        new Workspace(
            Ids.newUuid(), ownerType, ownerId, name, false, clock.instant().getEpochSecond());
    db.inTransaction(
        h -> {
          store.insertWorkspace(h, w);
          audit.record(
              h,
              scope.principal().actor(),
              "workspace.created",
              "workspace",
              w.id(),
              Map.of("owner_type", ownerType, "owner_id", ownerId));
          return null;
        });
    return w;
  }

  Workspace rename(Scope scope, String id, String name) {
    Workspace w = get(scope, id);
    db.inTransaction(
        h -> {
          store.renameWorkspace(h, w.id(), name);
          audit.record(
              h, scope.principal().actor(), "workspace.renamed", "workspace", w.id(), Map.of());
          return null;
        });
    return new Workspace(w.id(), w.ownerType(), w.ownerId(), name, w.isDefault(), w.createdAt());
  }

  /** Deletes an empty, non-default workspace. */
  void delete(Scope scope, String id) {
    Workspace w = get(scope, id);
    if (w.isDefault()) {
      throw new ConflictException("The default workspace of its owner cannot be deleted");
    }
    db.inTransaction(
        h -> {
          long keys = store.countLiveCredentials(h, w.id());
          long systems = store.countAiSystems(h, w.id());
          if (keys > 0 || systems > 0) {
            throw new ConflictException(
                "The workspace still holds "
                    + keys
                    + " provider key(s) and "
                    + systems
                    + " AI system(s); delete them first");
          }
          store.deleteWorkspace(h, w.id(), clock.instant().getEpochSecond());
          audit.record(
              h, scope.principal().actor(), "workspace.deleted", "workspace", w.id(), Map.of());
          return null;
        });
  }

  /** The workspaces of an owner that no longer exists (a deleted user or org), for wiping. */
  List<Workspace> orphaned(Handle h, String ownerType, String ownerId) {
    if (ownerExists(h, ownerType, ownerId)) {
      return List.of();
    }
    return store.workspacesOf(h, ownerType, List.of(ownerId));
  }
}
