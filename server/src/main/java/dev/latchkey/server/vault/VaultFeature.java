package dev.latchkey.server.vault;

import dev.latchkey.server.app.Http;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.vault.Records.Workspace;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider-key vault, wired: workspaces, credentials, AI systems and resolve. When a user or an
 * org is deleted, the credentials of its workspaces are wiped (in the background, after the delete
 * commits).
 */
public final class VaultFeature implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VaultFeature.class);

  /** Live-check settings: off by default (air-gapped installs), base URLs by provider slug. */
  public record LiveCheckSettings(
      boolean enabled, Map<String, String> baseUrls, Duration timeout) {}

  private final Database db;
  private final UserService users;
  private final Workspaces workspaces;
  private final ProviderKeys keys;
  private final AiSystems systems;
  private final Resolver resolver;
  private final AtomicLong generation = new AtomicLong();
  private final ExecutorService cleaner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "vault-cleaner");
            t.setDaemon(true);
            return t;
          });
  private final Clock clock;

  public VaultFeature(
      Database db,
      MasterKeys sealer,
      AuditLog audit,
      UserService users,
      Changes changes,
      Clock clock,
      LiveCheckSettings live) {
    this.db = db;
    this.users = users;
    this.clock = clock;
    VaultStore store = new VaultStore();
    Runnable changed = generation::incrementAndGet;
    this.workspaces = new Workspaces(db, store, users, audit, clock);
    this.keys =
        new ProviderKeys(
            db,
            store,
            workspaces,
            sealer,
            new LiveCheck(live.enabled(), live.baseUrls(), live.timeout()),
            audit,
            clock,
            changed);
    this.systems = new AiSystems(db, store, audit, clock, changed);
    this.resolver = new Resolver(db, store, workspaces, systems, sealer, audit, generation::get);
    changes.subscribe(
        change -> {
          switch (change) {
            case Changes.UserChanged u ->
                cleaner.execute(() -> wipeOrphans(Workspaces.USER, u.id()));
            case Changes.OrgChanged o -> cleaner.execute(() -> wipeOrphans(Workspaces.ORG, o.id()));
            default -> {}
          }
        });
  }

  private void wipeOrphans(String ownerType, String ownerId) {
    try {
      int wiped =
          db.inTransaction(
              h -> {
                int n = 0;
                for (Workspace w : workspaces.orphaned(h, ownerType, ownerId)) {
                  n += keys.wipeWorkspace(h, w, clock.instant().getEpochSecond());
                }
                return n;
              });
      if (wiped > 0) {
        generation.incrementAndGet();
        LOG.info("wiped {} provider key(s) of deleted {} {}", wiped, ownerType, ownerId);
      }
    } catch (RuntimeException e) {
      LOG.error("could not wipe the provider keys of deleted {} {}", ownerType, ownerId, e);
    }
  }

  Workspaces.Scope scope(Context ctx) {
    return workspaces.scope(Http.principal(ctx));
  }

  Workspaces workspaces() {
    return workspaces;
  }

  ProviderKeys keys() {
    return keys;
  }

  AiSystems systems() {
    return systems;
  }

  Resolver resolver() {
    return resolver;
  }

  UserService users() {
    return users;
  }

  /** Waits for pending background wipes (tests, and an orderly stop). */
  public void awaitIdle() {
    try {
      cleaner.submit(() -> {}).get();
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    cleaner.shutdown();
  }
}
