package dev.latchkey.server.oauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.store.Database;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A near-cache of client records (unknown client ids too), so that a grant reads the database at
 * most once per client per {@link #TTL}. Changes on this node evict at once; the TTL bounds how
 * long another node may use a record that changed elsewhere.
 */
final class ClientCache {
  static final Duration TTL = Duration.ofSeconds(30);

  private final Database db;
  private final AppStore store;
  private final Cache<String, Optional<ClientRecord>> cache;
  private final AtomicLong generation = new AtomicLong();

  ClientCache(Database db, AppStore store, Changes changes, int maxSize) {
    this.db = db;
    this.store = store;
    this.cache = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(TTL).build();
    changes.subscribe(
        change -> {
          switch (change) {
            case Changes.UserChanged u -> evictOwner(u.id());
            case Changes.OrgChanged o -> evictOwner(o.id());
            default -> {}
          }
        });
  }

  Optional<ClientRecord> get(String clientId) {
    Optional<ClientRecord> cached = cache.getIfPresent(clientId);
    if (cached != null) {
      return cached;
    }
    // A load racing a change must not cache what the change replaced.
    long before = generation.get();
    Optional<ClientRecord> loaded = db.withHandle(h -> store.client(h, clientId));
    if (generation.get() == before) {
      cache.put(clientId, loaded);
    }
    return loaded;
  }

  void evict(String clientId) {
    generation.incrementAndGet();
    cache.invalidate(clientId);
  }

  private void evictOwner(String ownerId) {
    generation.incrementAndGet();
    cache
        .asMap()
        .values()
        .removeIf(
            r ->
                r.isPresent()
                    && (ownerId.equals(r.get().app().userId())
                        || ownerId.equals(r.get().app().orgId())));
  }
}
