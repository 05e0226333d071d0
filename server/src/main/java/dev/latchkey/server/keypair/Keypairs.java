package dev.latchkey.server.keypair;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.Principal;
import dev.latchkey.server.crypto.Base32;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.SealedColumns;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keypairs: Backend.AI's AWS-like access key ({@code AKIA} + 16 base32 characters) and 40-character
 * secret key, owned by a user, with a resource policy and a rate limit. The secret key is sealed
 * under the master keyset and shown once, in the answer to {@link #create}.
 */
final class Keypairs {
  static final Pattern ACCESS_KEY = Pattern.compile("^AKIA[A-Z2-7]{16}$");
  static final long DEFAULT_RATE_LIMIT = 10_000;
  static final long MAX_RATE_LIMIT = 100_000_000;
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_PAGE_OFFSET = 1_000_000;

  private final Database db;
  private final KeypairStore store;
  private final PolicyStore policies;
  private final MasterKeys sealer;
  private final AuditLog audit;
  private final UserService users;
  private final Clock clock;
  private final SignedRequests verifier;

  Keypairs(
      Database db,
      KeypairStore store,
      PolicyStore policies,
      MasterKeys sealer,
      AuditLog audit,
      UserService users,
      Clock clock,
      SignedRequests verifier) {
    this.db = db;
    this.store = store;
    this.policies = policies;
    this.sealer = sealer;
    this.audit = audit;
    this.users = users;
    this.clock = clock;
    this.verifier = verifier;
  }

  static String accessKey(String field, String value) {
    if (value == null || !ACCESS_KEY.matcher(value).matches()) {
      throw InvalidInputException.of(
          field, "must be an access key: AKIA followed by 16 characters A-Z and 2-7");
    }
    return value;
  }

  static String newAccessKey() {
    return "AKIA" + Base32.encode(RandomTokens.bytes(10));
  }

  /** Python's {@code secrets.token_urlsafe(30)}: 30 random bytes, URL-safe base64, 40 chars. */
  static String newSecretKey() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(RandomTokens.bytes(30));
  }

  Records.Created create(Records.CreateKeypair in, Actor actor) {
    FieldErrors errors = new FieldErrors();
    // Backend.AI's create_keypair names the user by email: take either
    boolean byEmail = in.userId() != null && in.userId().indexOf('@') >= 0;
    String givenId = byEmail ? null : errors.uuid("user_id", in.userId(), true);
    String givenEmail = byEmail ? errors.email("user_id", in.userId(), true) : null;
    String policy = in.resourcePolicy() == null ? "default" : in.resourcePolicy();
    if (!ResourcePolicies.NAME.matcher(policy).matches()) {
      errors.add("resource_policy", "must be the name of a resource policy");
    }
    long rateLimit = in.rateLimit() == null ? DEFAULT_RATE_LIMIT : in.rateLimit();
    errors.range("rate_limit", rateLimit, 1, MAX_RATE_LIMIT);
    errors.throwIfAny();
    boolean active = in.isActive() == null || in.isActive();
    boolean admin = in.isAdmin() != null && in.isAdmin();
    long now = clock.instant().getEpochSecond();
    String secret = newSecretKey();
    Records.Created created =
        db.inTransaction(
            h -> {
              var user =
                  (byEmail ? users.byEmail(givenEmail, false) : users.byId(givenId, false))
                      .orElseThrow(() -> InvalidInputException.of("user_id", "no such user"));
              String userId = user.userId();
              String email = user.email();
              if (policies.find(h, policy).isEmpty()) {
                throw InvalidInputException.of(
                    "resource_policy", "no resource policy named '" + policy + "'");
              }
              String accessKey = unusedAccessKey(h);
              String sealed =
                  sealer.seal(
                      secret.getBytes(StandardCharsets.UTF_8),
                      SealedColumns.KEYPAIR_SECRET.associatedData(accessKey, userId));
              store.insert(
                  h,
                  new KeypairRow(
                      accessKey, userId, email, sealed, active, admin, policy, rateLimit, 0, null,
                      now, now));
              audit.record(
                  h,
                  actor,
                  "keypair.created",
                  "keypair",
                  accessKey,
                  Map.of(
                      "user_id", userId,
                      "is_active", active,
                      "is_admin", admin,
                      "resource_policy", policy,
                      "rate_limit", rateLimit));
              return new Records.Created(
                  accessKey, secret, userId, email, active, admin, policy, rateLimit, now);
            });
    verifier.evict(created.accessKey());
    return created;
  }

  private String unusedAccessKey(org.jdbi.v3.core.Handle h) {
    for (int i = 0; i < 5; i++) {
      String candidate = newAccessKey();
      if (store.find(h, candidate).isEmpty()) {
        return candidate;
      }
    }
    throw new IllegalStateException("could not draw an unused access key");
  }

  Records.Keypair update(String accessKey, Records.UpdateKeypair in, Actor actor) {
    FieldErrors errors = new FieldErrors();
    Map<String, Object> set = new LinkedHashMap<>();
    if (in.isActive() != null) {
      set.put("is_active", in.isActive());
    }
    if (in.isAdmin() != null) {
      set.put("is_admin", in.isAdmin());
    }
    if (in.resourcePolicy() != null) {
      if (!ResourcePolicies.NAME.matcher(in.resourcePolicy()).matches()) {
        errors.add("resource_policy", "must be the name of a resource policy");
      } else {
        set.put("resource_policy", in.resourcePolicy());
      }
    }
    if (in.rateLimit() != null) {
      errors.range("rate_limit", in.rateLimit(), 1, MAX_RATE_LIMIT);
      set.put("rate_limit", in.rateLimit());
    }
    errors.throwIfAny();
    return change(accessKey, set, "keypair.updated", actor);
  }

  Records.Keypair setActive(String accessKey, boolean active, Actor actor) {
    return change(
        accessKey,
        Map.of("is_active", active),
        active ? "keypair.activated" : "keypair.deactivated",
        actor);
  }

  private Records.Keypair change(
      String accessKey, Map<String, Object> set, String action, Actor actor) {
    long now = clock.instant().getEpochSecond();
    Records.Keypair updated =
        db.inTransaction(
            h -> {
              if (set.containsKey("resource_policy")
                  && policies.find(h, (String) set.get("resource_policy")).isEmpty()) {
                throw InvalidInputException.of(
                    "resource_policy",
                    "no resource policy named '" + set.get("resource_policy") + "'");
              }
              if (!store.update(h, accessKey, set, now)) {
                throw new NotFoundException("Keypair not found");
              }
              audit.record(h, actor, action, "keypair", accessKey, Map.copyOf(set));
              return store.find(h, accessKey).orElseThrow().view();
            });
    verifier.evict(accessKey);
    return updated;
  }

  void delete(String accessKey, Actor actor) {
    db.inTransaction(
        h -> {
          if (!store.delete(h, accessKey)) {
            throw new NotFoundException("Keypair not found");
          }
          audit.record(h, actor, "keypair.deleted", "keypair", accessKey, null);
          return null;
        });
    verifier.evict(accessKey);
    verifier.forgetWindow(accessKey);
  }

  Records.Keypair get(String accessKey) {
    return db.withHandle(h -> store.find(h, accessKey))
        .map(KeypairRow::view)
        .orElseThrow(() -> new NotFoundException("Keypair not found"));
  }

  /** Backend.AI's {@code keypairs(email, is_active)}, paged. */
  Records.KeypairPage list(String userId, String email, Boolean isActive, int offset, int size) {
    return page(userId, email, isActive, null, null, offset, size);
  }

  /**
   * {@code keypair_list}: the same, plus the filter and order expressions of {@link FilterGrammar}.
   */
  Records.KeypairPage page(
      String userId,
      String email,
      Boolean isActive,
      String filter,
      String order,
      int offset,
      int size) {
    StringBuilder where = new StringBuilder(KeypairStore.FROM + " WHERE 1 = 1");
    Map<String, Object> binds = new LinkedHashMap<>();
    if (userId != null) {
      where.append(" AND k.user_id = :userId");
      binds.put("userId", userId);
    }
    if (email != null) {
      where.append(" AND u.email = :email");
      binds.put("email", email);
    }
    if (isActive != null) {
      where.append(" AND k.is_active = :isActive");
      binds.put("isActive", isActive);
    }
    if (filter != null) {
      FilterGrammar.Where compiled = FilterGrammar.filter(filter);
      where.append(" AND ").append(compiled.sql());
      binds.putAll(compiled.binds());
    }
    String orderBy =
        order == null ? "k.created_at ASC, k.access_key ASC" : FilterGrammar.order(order);
    List<Records.Keypair> items =
        db.withHandle(
            h -> {
              var q =
                  h.createQuery(
                      "SELECT "
                          + KeypairStore.COLUMNS
                          + " "
                          + where
                          + " ORDER BY "
                          + orderBy
                          + " LIMIT :limit OFFSET :offset");
              binds.forEach(q::bind);
              return q.bind("limit", size)
                  .bind("offset", offset)
                  .map((rs, ctx) -> KeypairStore.map(rs).view())
                  .list();
            });
    long total =
        db.withHandle(
            h -> {
              var q = h.createQuery("SELECT count(*) " + where);
              binds.forEach(q::bind);
              return q.mapTo(Long.class).one();
            });
    return new Records.KeypairPage(items, total, offset, size);
  }

  /**
   * {@code info}: the caller's own keypair. A signed request names it; an access token's user names
   * it with {@code access_key}, or has exactly one.
   */
  Records.Info info(Principal caller, String accessKey) {
    KeypairRow row;
    boolean admin;
    if (caller.kind() == Principal.Kind.KEYPAIR) {
      row =
          db.withHandle(h -> store.find(h, caller.id()))
              .orElseThrow(() -> new NotFoundException("Keypair not found"));
      admin = row.isAdmin();
    } else {
      List<KeypairRow> own = db.withHandle(h -> store.ofUser(h, caller.userId()));
      Optional<KeypairRow> chosen;
      if (accessKey != null) {
        chosen = own.stream().filter(k -> k.accessKey().equals(accessKey)).findFirst();
      } else if (own.size() == 1) {
        chosen = Optional.of(own.get(0));
      } else if (own.isEmpty()) {
        chosen = Optional.empty();
      } else {
        throw InvalidInputException.of(
            "access_key", "is required: you have " + own.size() + " keypairs");
      }
      row = chosen.orElseThrow(() -> new NotFoundException("Keypair not found"));
      admin = row.isAdmin();
    }
    Records.Policy policy =
        db.withHandle(h -> policies.find(h, row.resourcePolicy())).orElseThrow();
    return new Records.Info(
        row.accessKey(),
        row.userId(),
        row.email(),
        row.isActive(),
        row.isAdmin(),
        row.resourcePolicy(),
        row.rateLimit(),
        row.createdAt(),
        policy,
        admin ? row.numQueries() : null,
        admin ? row.lastUsed() : null,
        admin ? row.updatedAt() : null);
  }
}
