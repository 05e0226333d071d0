package dev.latchkey.server.mgmtkey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.store.Rows;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Management keys: the bearer credentials of the backend API (PropelAuth's "integration API key",
 * OpenRouter's "management key"). Only a keyed digest is stored; the key itself is shown once, at
 * creation. Verified keys are cached briefly so that the hot path needs no database read; a
 * revocation on this node evicts at once, other nodes notice within {@link #CACHE_TTL}.
 */
public final class ManagementKeys {
  public static final String PREFIX = "lk_mgmt_";
  static final Duration CACHE_TTL = Duration.ofSeconds(30);

  private final Database db;
  private final ServerKeys keys;
  private final AuditLog audit;
  private final Clock clock;
  private final Cache<String, Authenticated> verified =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_TTL).build();

  public ManagementKeys(Database db, ServerKeys keys, AuditLog audit, Clock clock) {
    this.db = db;
    this.keys = keys;
    this.audit = audit;
    this.clock = clock;
  }

  /** A key as listed: never the secret, only its first characters for recognition. */
  public record ManagementKey(
      String id,
      String name,
      String displayStart,
      long createdAt,
      String createdBy,
      Long revokedAt,
      Long lastUsedAt,
      boolean canDecrypt) {}

  /** A key that authenticated: its id, and whether it may read decrypted provider keys. */
  public record Authenticated(String keyId, boolean canDecrypt) {}

  /** The one response that carries the secret. */
  public record CreatedKey(ManagementKey key, Secret secret) {}

  /**
   * A new key; {@code canDecrypt} lets it resolve decrypted provider keys from the vault, a right
   * to give only the gateways that spend them.
   */
  public CreatedKey create(String name, boolean canDecrypt, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String cleanName = errors.text("name", name, false, 100);
    errors.throwIfAny();
    Secret secret = Secret.of(PREFIX + RandomTokens.base62(24));
    return new CreatedKey(
        insert(cleanName == null ? "unnamed" : cleanName, secret, canDecrypt, actor), secret);
  }

  /**
   * At start: if no key is active, makes the configured bootstrap key (or a generated one) the
   * first key. Returns the generated secret, which the caller prints once, or empty.
   */
  public Optional<Secret> bootstrap(Secret configured) {
    long active =
        db.withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM management_keys WHERE revoked_at IS NULL")
                    .mapTo(Long.class)
                    .one());
    if (active > 0) {
      return Optional.empty();
    }
    if (configured != null) {
      insert("bootstrap", configured, true, Actor.SYSTEM);
      return Optional.empty();
    }
    CreatedKey created = create("bootstrap", true, Actor.SYSTEM);
    return Optional.of(created.secret());
  }

  private ManagementKey insert(String name, Secret secret, boolean canDecrypt, Actor actor) {
    String id = Ids.newUuid();
    long now = clock.instant().getEpochSecond();
    String start = secret.reveal().substring(0, Math.min(secret.length(), PREFIX.length() + 4));
    String createdBy = actor.type() + ":" + actor.id();
    db.inTransaction(
        h -> {
          h.createUpdate(
                  """
              INSERT INTO management_keys (id, name, digest, display_start, created_at, created_by, can_decrypt)
              VALUES (:id, :name, :digest, :start, :now, :by, :canDecrypt)
              """)
              .bind("id", id)
              .bind("name", name)
              .bind("digest", keys.digest(secret))
              .bind("start", start)
              .bind("now", now)
              .bind("by", createdBy)
              .bind("canDecrypt", canDecrypt)
              .execute();
          audit.record(
              h,
              actor,
              "management_key.created",
              "management_key",
              id,
              Map.of("name", name, "can_decrypt", canDecrypt));
          return null;
        });
    return new ManagementKey(id, name, start, now, createdBy, null, null, canDecrypt);
  }

  /** The active key matching {@code presented}, or empty. One index probe on a cache miss. */
  public Optional<Authenticated> authenticate(Secret presented) {
    if (presented.length() < 16 || presented.length() > 512) {
      return Optional.empty();
    }
    String digest = keys.digest(presented);
    Authenticated cached = verified.getIfPresent(digest);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Authenticated> found =
        db.withHandle(
            h ->
                h.createQuery(
                        "SELECT id, can_decrypt FROM management_keys WHERE digest = :digest AND revoked_at IS NULL")
                    .bind("digest", digest)
                    .map(
                        (rs, ctx) ->
                            new Authenticated(rs.getString("id"), rs.getBoolean("can_decrypt")))
                    .findOne());
    found.ifPresent(
        key -> {
          verified.put(digest, key);
          db.withHandle(
              h ->
                  h.createUpdate("UPDATE management_keys SET last_used_at = :now WHERE id = :id")
                      .bind("now", clock.instant().getEpochSecond())
                      .bind("id", key.keyId())
                      .execute());
        });
    return found;
  }

  public Page<ManagementKey> list(boolean includeRevoked, PageRequest page) {
    String where = includeRevoked ? "" : " WHERE revoked_at IS NULL";
    return db.withHandle(
        h -> {
          long total =
              h.createQuery("SELECT count(*) FROM management_keys" + where).mapTo(Long.class).one();
          List<ManagementKey> items =
              h.createQuery(
                      "SELECT id, name, display_start, created_at, created_by, revoked_at, last_used_at, can_decrypt FROM management_keys"
                          + where
                          + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                  .bind("limit", page.pageSize())
                  .bind("offset", page.offset())
                  .map(
                      (rs, ctx) ->
                          new ManagementKey(
                              rs.getString("id"),
                              rs.getString("name"),
                              rs.getString("display_start"),
                              rs.getLong("created_at"),
                              rs.getString("created_by"),
                              Rows.nullableLong(rs, "revoked_at"),
                              Rows.nullableLong(rs, "last_used_at"),
                              rs.getBoolean("can_decrypt")))
                  .list();
          return new Page<>(items, total, page);
        });
  }

  public void revoke(String id, Actor actor) {
    int changed =
        db.inTransaction(
            h -> {
              int n =
                  h.createUpdate(
                          "UPDATE management_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                      .bind("now", clock.instant().getEpochSecond())
                      .bind("id", id)
                      .execute();
              if (n > 0) {
                audit.record(h, actor, "management_key.revoked", "management_key", id, Map.of());
              }
              return n;
            });
    if (changed == 0) {
      throw new NotFoundException("No active management key with id " + id);
    }
    verified.invalidateAll();
  }
}
