package dev.latchkey.server.oauth;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.common.Principal;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/**
 * OAuth applications: create (the secret shown once), list, get, update, rotate the secret, delete.
 * Secrets are 256 random bits, stored only as a keyed digest.
 */
final class Apps {
  /** The org permission that lets a member manage the org's apps (the API-key permission). */
  static final String PERMISSION = "latchkey::can_manage_api_keys";

  static final String SECRET_PREFIX = "lkcs_";
  private static final int MAX_ATTEMPTS = 50;

  private final Database db;
  private final AppStore store;
  private final ServerKeys keys;
  private final AuditLog audit;
  private final UserService users;
  private final ClientCache cache;
  private final Clock clock;
  private final String endpoint;

  Apps(
      Database db,
      AppStore store,
      ServerKeys keys,
      AuditLog audit,
      UserService users,
      ClientCache cache,
      Clock clock,
      String endpoint) {
    this.db = db;
    this.store = store;
    this.keys = keys;
    this.audit = audit;
    this.users = users;
    this.cache = cache;
    this.clock = clock;
    this.endpoint = endpoint;
  }

  Reach reach(Principal p) {
    return switch (p.kind()) {
      case MANAGEMENT_KEY -> new Reach(p, true, null, Set.of());
      case USER -> new Reach(p, false, p.userId(), managedOrgs(p.userId()));
      case API_KEY ->
          p.orgId() != null
              ? new Reach(p, false, null, Set.of(p.orgId()))
              : new Reach(p, false, p.userId(), Set.of());
      // a signed keypair request acts for the keypair's user, without their org roles
      case KEYPAIR -> new Reach(p, false, p.userId(), Set.of());
    };
  }

  private Set<String> managedOrgs(String userId) {
    return users.orgsGranting(userId, PERMISSION);
  }

  AppViews.WithSecret create(Reach reach, AppInput.Create in) {
    String userId = in.userId();
    String orgId = in.orgId();
    if (!reach.all()) {
      if (orgId != null) {
        if (!reach.orgIds().contains(orgId)) {
          throw InvalidInputException.of("org_id", "is not an org whose apps you manage");
        }
      } else if (userId != null) {
        if (!userId.equals(reach.userId())) {
          throw InvalidInputException.of("user_id", "is not a user whose apps you manage");
        }
      } else if (reach.userId() != null) {
        userId = reach.userId();
      } else {
        orgId = reach.orgIds().iterator().next();
      }
    }
    String ownerUser = userId;
    String ownerOrg = orgId;
    Secret secret = newSecret();
    String digest = keys.digest(secret);
    String base = ClientIds.normalize(in.name());
    long now = now();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      String[] tried = new String[1];
      try {
        AppRow created =
            db.inTransaction(
                h -> {
                  checkOwner(h, ownerUser, ownerOrg);
                  // the first free id of base, base-2, base-3, ... in one read, however many
                  // apps share the name
                  Set<String> taken = store.takenIds(h, base);
                  int n = 1;
                  while (taken.contains(ClientIds.candidate(base, n))) {
                    n++;
                  }
                  AppRow candidate =
                      new AppRow(
                          ClientIds.candidate(base, n),
                          in.name(),
                          ownerUser,
                          ownerOrg,
                          in.redirectUris(),
                          in.grantTypes(),
                          in.scopes(),
                          null,
                          now,
                          now);
                  tried[0] = candidate.clientId();
                  store.insert(h, candidate, digest);
                  audit.record(
                      h,
                      reach.principal().actor(),
                      "oauth_app.created",
                      "oauth_app",
                      candidate.clientId(),
                      Map.of("owner_type", candidate.ownerType(), "owner_id", candidate.ownerId()));
                  return candidate;
                });
        cache.evict(created.clientId());
        return AppViews.withSecret(created, now, secret.reveal(), encode(created, secret));
      } catch (StatementException e) {
        if (tried[0] == null || !store.existsNow(db, tried[0])) {
          throw e;
        }
        // another create took this id between our read and insert: read again
      }
    }
    throw InvalidInputException.of(
        "name", "has too many apps with the same client id; choose another name");
  }

  private static void checkOwner(Handle h, String userId, String orgId) {
    if (userId != null && !rowExists(h, "users", userId)) {
      throw InvalidInputException.of("user_id", "does not exist");
    }
    if (orgId != null && !rowExists(h, "orgs", orgId)) {
      throw InvalidInputException.of("org_id", "does not exist");
    }
  }

  private static boolean rowExists(Handle h, String table, String id) {
    return h.createQuery("SELECT count(*) FROM " + table + " WHERE id = :id")
            .bind("id", id)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  AppViews.AppsPage list(Reach reach, PageRequest page) {
    Page<AppRow> rows = db.withHandle(h -> store.list(h, reach, page));
    long now = now();
    List<AppViews.App> apps = new ArrayList<>();
    for (AppRow a : rows.items()) {
      apps.add(AppViews.of(a, now));
    }
    return new AppViews.AppsPage(
        apps, rows.total(), page.pageNumber(), page.pageSize(), rows.hasMore());
  }

  AppViews.App get(Reach reach, String clientId) {
    return AppViews.of(find(reach, clientId), now());
  }

  private AppRow find(Reach reach, String clientId) {
    return db.withHandle(h -> store.byClientId(h, clientId))
        .filter(reach::reaches)
        .orElseThrow(() -> notFound(clientId));
  }

  static NotFoundException notFound(String clientId) {
    String shown = clientId.length() <= 80 ? clientId : clientId.substring(0, 80) + "…";
    return new NotFoundException("No app with client_id " + shown);
  }

  AppViews.App update(Reach reach, String clientId, AppInput.Update in) {
    long now = now();
    AppRow updated =
        db.inTransaction(
            h -> {
              AppRow a =
                  store
                      .byClientId(h, clientId)
                      .filter(reach::reaches)
                      .orElseThrow(() -> notFound(clientId));
              AppRow next =
                  new AppRow(
                      a.clientId(),
                      in.clientName() != null ? in.clientName() : a.clientName(),
                      a.userId(),
                      a.orgId(),
                      in.redirectUris() != null ? in.redirectUris() : a.redirectUris(),
                      in.grantTypes() != null ? in.grantTypes() : a.grantTypes(),
                      in.scopesGiven() ? in.scopes() : a.scopes(),
                      a.previousValidUntil(),
                      a.createdAt(),
                      now);
              store.update(h, next);
              audit.record(
                  h,
                  reach.principal().actor(),
                  "oauth_app.updated",
                  "oauth_app",
                  clientId,
                  Map.of());
              return next;
            });
    cache.evict(clientId);
    return AppViews.of(updated, now);
  }

  AppViews.WithSecret rotateSecret(Reach reach, String clientId, long graceSeconds) {
    Secret secret = newSecret();
    String digest = keys.digest(secret);
    long now = now();
    Long until = graceSeconds > 0 ? now + graceSeconds : null;
    AppRow rotated =
        db.inTransaction(
            h -> {
              AppRow a =
                  store
                      .byClientId(h, clientId)
                      .filter(reach::reaches)
                      .orElseThrow(() -> notFound(clientId));
              store.rotate(h, clientId, digest, until, now);
              audit.record(
                  h,
                  reach.principal().actor(),
                  "oauth_app.secret_rotated",
                  "oauth_app",
                  clientId,
                  Map.of("grace_period_seconds", graceSeconds));
              return new AppRow(
                  a.clientId(),
                  a.clientName(),
                  a.userId(),
                  a.orgId(),
                  a.redirectUris(),
                  a.grantTypes(),
                  a.scopes(),
                  until,
                  a.createdAt(),
                  now);
            });
    cache.evict(clientId);
    return AppViews.withSecret(rotated, now, secret.reveal(), encode(rotated, secret));
  }

  void delete(Reach reach, String clientId) {
    db.inTransaction(
        h -> {
          store
              .byClientId(h, clientId)
              .filter(reach::reaches)
              .orElseThrow(() -> notFound(clientId));
          store.delete(h, clientId);
          audit.record(
              h, reach.principal().actor(), "oauth_app.deleted", "oauth_app", clientId, Map.of());
          return null;
        });
    cache.evict(clientId);
  }

  private static Secret newSecret() {
    return Secret.of(SECRET_PREFIX + RandomTokens.base62(32));
  }

  /**
   * Union's {@code encoded_credentials}: base64 of {@code endpoint:client_id:client_secret:org}.
   */
  private String encode(AppRow app, Secret secret) {
    String joined =
        endpoint + ":" + app.clientId() + ":" + secret.reveal() + ":" + AppViews.organization(app);
    return Base64.getEncoder().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
