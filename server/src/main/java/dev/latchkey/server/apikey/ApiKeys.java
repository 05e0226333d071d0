package dev.latchkey.server.apikey;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.server.apikey.ApiKeyViews.ApiKeyFull;
import dev.latchkey.server.apikey.ApiKeyViews.ApiKeysPage;
import dev.latchkey.server.apikey.ApiKeyViews.Created;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.OrgService;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.identity.Views.UserMetadata;
import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Issued API keys: create (personal, org or generic), import, fetch, list current and archived,
 * update, reroll, delete. Tokens are shown once; the database holds a keyed digest.
 */
public final class ApiKeys {
  static final long MAX_EXPIRY_SECONDS = 100L * 365 * 24 * 3600;
  private static final TypeReference<List<Limits.RateLimit>> RATE_LIMITS = new TypeReference<>() {};

  private final Database db;
  private final ApiKeyStore store;
  private final ServerKeys keys;
  private final AuditLog audit;
  private final UserService users;
  private final OrgService orgs;
  private final Changes changes;
  private final Clock clock;
  private final ObjectMapper json;
  private final String prefix;
  private final KeyValidator validator;

  ApiKeys(
      Database db,
      ApiKeyStore store,
      ServerKeys keys,
      AuditLog audit,
      UserService users,
      OrgService orgs,
      Changes changes,
      Clock clock,
      ObjectMapper json,
      String prefix,
      KeyValidator validator) {
    this.db = db;
    this.store = store;
    this.keys = keys;
    this.audit = audit;
    this.users = users;
    this.orgs = orgs;
    this.changes = changes;
    this.clock = clock;
    this.json = json;
    this.prefix = prefix;
    this.validator = validator;
  }

  /** {@code create_api_key}, with Latchkey's optional limits. */
  public record CreateRequest(
      String orgId,
      String userId,
      Long expiresAtSeconds,
      JsonNode metadata,
      String displayName,
      Boolean enabled,
      List<Limits.RateLimit> ratelimits,
      Limits.Credits credits) {}

  public record ImportRequest(
      Secret importedApiKey,
      String orgId,
      String userId,
      Long expiresAtSeconds,
      JsonNode metadata,
      String displayName) {}

  public record UpdateRequest(
      Long expiresAtSeconds,
      JsonNode metadata,
      Boolean setToNeverExpire,
      String displayName,
      Boolean enabled,
      List<Limits.RateLimit> ratelimits,
      Limits.Credits credits) {}

  public record RerollRequest(Long gracePeriodSeconds) {}

  private record Owner(String userId, String orgId) {}

  public Created create(CreateRequest r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    Owner owner = owner(errors, r.userId(), r.orgId());
    Long expires = expiry(errors, r.expiresAtSeconds());
    String metadata = errors.jsonObject("metadata", r.metadata());
    String name = errors.text("display_name", r.displayName(), false, 100);
    String ratelimits = rateLimits(errors, r.ratelimits());
    Limits.Credits credits = credits(errors, r.credits());
    errors.throwIfAny();
    checkOwnerExists(owner);
    String token = KeyFormat.generate(prefix);
    String id = HexFormat.of().formatHex(dev.latchkey.server.crypto.RandomTokens.bytes(16));
    long now = now();
    ApiKeyRow row =
        new ApiKeyRow(
            id,
            KeyFormat.start(token),
            owner.userId(),
            owner.orgId(),
            name,
            metadata,
            expires,
            !Boolean.FALSE.equals(r.enabled()),
            false,
            credits == null ? null : credits.remaining(),
            credits == null || credits.refill() == null ? null : credits.refill().interval(),
            credits == null || credits.refill() == null ? null : credits.refill().amount(),
            credits == null || credits.refill() == null ? null : credits.refill().refillDay(),
            credits == null || credits.refill() == null ? null : now,
            ratelimits,
            now,
            now,
            null,
            null,
            0,
            null);
    db.inTransaction(
        h -> {
          store.insert(h, row, keys.digest(Secret.of(token)));
          audit.record(h, actor, "api_key.created", "api_key", id, ownerDetails(owner));
          return null;
        });
    return new Created(id, token);
  }

  /**
   * Takes over an existing key (any format): only its digest is stored; validate it with
   * validate_imported.
   */
  public String importKey(ImportRequest r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    if (r.importedApiKey() == null) {
      errors.add("imported_api_key", "is required");
    } else if (r.importedApiKey().length() < 16 || r.importedApiKey().length() > 512) {
      errors.add("imported_api_key", "must be between 16 and 512 characters");
    }
    Owner owner = owner(errors, r.userId(), r.orgId());
    Long expires = expiry(errors, r.expiresAtSeconds());
    String metadata = errors.jsonObject("metadata", r.metadata());
    String name = errors.text("display_name", r.displayName(), false, 100);
    errors.throwIfAny();
    checkOwnerExists(owner);
    String token = r.importedApiKey().reveal();
    String id = HexFormat.of().formatHex(dev.latchkey.server.crypto.RandomTokens.bytes(16));
    long now = now();
    String start = token.substring(0, Math.min(4, token.length()));
    ApiKeyRow row =
        new ApiKeyRow(
            id,
            start,
            owner.userId(),
            owner.orgId(),
            name,
            metadata,
            expires,
            true,
            true,
            null,
            null,
            null,
            null,
            null,
            "[]",
            now,
            now,
            null,
            null,
            0,
            null);
    db.inTransaction(
        h -> {
          if (store.byDigest(h, keys.digest(r.importedApiKey())).isPresent()) {
            throw InvalidInputException.of("imported_api_key", "This key was already imported");
          }
          store.insert(h, row, keys.digest(r.importedApiKey()));
          audit.record(h, actor, "api_key.imported", "api_key", id, ownerDetails(owner));
          return null;
        });
    return id;
  }

  public Optional<ApiKeyFull> fetch(String id) {
    return db.withHandle(h -> store.byId(h, id)).map(this::view);
  }

  public ApiKeysPage list(
      String orgId,
      String userId,
      String userEmail,
      String type,
      boolean archived,
      PageRequest page) {
    String resolvedUser = userId;
    if (userEmail != null) {
      Optional<UserMetadata> byEmail = users.byEmail(userEmail, false);
      if (byEmail.isEmpty() || (userId != null && !userId.equals(byEmail.get().userId()))) {
        return new ApiKeysPage(List.of(), 0, page.pageNumber(), page.pageSize(), false);
      }
      resolvedUser = byEmail.get().userId();
    }
    String owner = resolvedUser;
    Page<ApiKeyRow> result =
        db.withHandle(
            h -> store.list(h, new ApiKeyStore.Filter(orgId, owner, type, archived, now()), page));
    return new ApiKeysPage(
        result.items().stream().map(this::view).toList(),
        result.total(),
        page.pageNumber(),
        page.pageSize(),
        result.hasMore());
  }

  public boolean update(String id, UpdateRequest r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    Map<String, Object> set = new LinkedHashMap<>();
    if (Boolean.TRUE.equals(r.setToNeverExpire())) {
      if (r.expiresAtSeconds() != null) {
        errors.add("set_to_never_expire", "cannot be combined with expires_at_seconds");
      }
      set.put("expires_at", null);
    } else if (r.expiresAtSeconds() != null) {
      set.put("expires_at", expiry(errors, r.expiresAtSeconds()));
    }
    String metadata = errors.jsonObject("metadata", r.metadata());
    if (metadata != null) {
      set.put("metadata", metadata);
    }
    String name = errors.text("display_name", r.displayName(), false, 100);
    if (name != null) {
      set.put("display_name", name);
    }
    if (r.enabled() != null) {
      set.put("enabled", r.enabled());
    }
    if (r.ratelimits() != null) {
      set.put("ratelimits", rateLimits(errors, r.ratelimits()));
    }
    Limits.Credits credits = credits(errors, r.credits());
    if (r.credits() != null && credits != null) {
      set.put("credits_remaining", credits.remaining());
      set.put("refill_interval", credits.refill() == null ? null : credits.refill().interval());
      set.put("refill_amount", credits.refill() == null ? null : credits.refill().amount());
      set.put("refill_day", credits.refill() == null ? null : credits.refill().refillDay());
      set.put("last_refill_at", credits.refill() == null ? null : now());
    }
    errors.throwIfAny();
    validator.forgetKey(id, r.credits() != null);
    boolean found =
        db.inTransaction(
            h -> {
              if (!store.update(h, id, set, now())) {
                return false;
              }
              audit.record(
                  h,
                  actor,
                  "api_key.updated",
                  "api_key",
                  id,
                  Map.of("fields", List.copyOf(set.keySet())));
              return true;
            });
    if (found) {
      validator.forgetKey(id, r.credits() != null);
      changes.publish(new Changes.ApiKeyChanged(id));
    }
    return found;
  }

  /**
   * A new token for the same key; the old token keeps working for {@code grace_period_seconds}
   * (default 0).
   */
  public Created reroll(String id, RerollRequest r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    long grace = r.gracePeriodSeconds() == null ? 0 : r.gracePeriodSeconds();
    errors.range("grace_period_seconds", grace, 0, 30L * 24 * 3600);
    errors.throwIfAny();
    ApiKeyRow current =
        db.withHandle(h -> store.byId(h, id))
            .filter(k -> k.deletedAt() == null && !k.imported())
            .orElseThrow(() -> new NotFoundException("API key not found"));
    String token = KeyFormat.generate(prefix);
    long now = now();
    long graceUntil =
        current.expiresAt() == null ? now + grace : Math.min(now + grace, current.expiresAt());
    boolean done =
        db.inTransaction(
            h -> {
              if (!store.reroll(
                  h, id, keys.digest(Secret.of(token)), KeyFormat.start(token), graceUntil, now)) {
                return false;
              }
              audit.record(
                  h,
                  actor,
                  "api_key.rerolled",
                  "api_key",
                  id,
                  Map.of("grace_period_seconds", grace));
              return true;
            });
    if (!done) {
      throw new NotFoundException("API key not found");
    }
    validator.forgetKey(id, false);
    changes.publish(new Changes.ApiKeyChanged(id));
    return new Created(id, token);
  }

  public boolean delete(String id, Actor actor) {
    boolean found =
        db.inTransaction(
            h -> {
              if (!store.softDelete(h, id, now())) {
                return false;
              }
              audit.record(h, actor, "api_key.deleted", "api_key", id, Map.of());
              return true;
            });
    if (found) {
      validator.forgetKey(id, true);
      changes.publish(new Changes.ApiKeyChanged(id));
    }
    return found;
  }

  /** Validations on {@code date} (yyyy-mm-dd, UTC; default today) of the matching keys. */
  public long usage(String orgId, String userId, String keyId, String date) {
    String day;
    try {
      day =
          date == null
              ? LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).toString()
              : LocalDate.parse(date).toString();
    } catch (DateTimeParseException e) {
      throw InvalidInputException.of("date", "must be a date such as 2026-11-23");
    }
    validator.flushUsage();
    return db.withHandle(h -> store.usage(h, orgId, userId, keyId, day));
  }

  ApiKeyFull view(ApiKeyRow k) {
    long now = now();
    Limits.Credits credits =
        k.creditsRemaining() == null
            ? null
            : new Limits.Credits(
                validator.creditsRemaining(k.id()).orElse(k.creditsRemaining()),
                k.refillInterval() == null
                    ? null
                    : new Limits.Refill(k.refillInterval(), k.refillAmount(), k.refillDay()));
    Long pendingLast = validator.pendingLastUsed(k.id());
    Long lastUsed =
        pendingLast != null && (k.lastUsedAt() == null || pendingLast > k.lastUsedAt())
            ? pendingLast
            : k.lastUsedAt();
    boolean archived = k.deletedAt() != null || (k.expiresAt() != null && k.expiresAt() <= now);
    return new ApiKeyFull(
        k.id(),
        k.createdAt(),
        k.expiresAt(),
        metadataOf(k),
        k.userId(),
        k.orgId(),
        k.displayName(),
        k.start(),
        k.enabled(),
        k.imported(),
        archived,
        lastUsed,
        k.usageCount() + validator.pendingCount(k.id()),
        credits,
        rateLimitList(k.ratelimits()),
        k.previousValidUntil() != null && k.previousValidUntil() > now
            ? k.previousValidUntil()
            : null);
  }

  /** A key's metadata, {@code {}} when none was given (the same in fetch and validate answers). */
  static JsonNode metadataOf(ApiKeyRow k) {
    JsonNode node = JsonText.readTree(k.metadata());
    return node == null
        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        : node;
  }

  List<Limits.RateLimit> rateLimitList(String text) {
    try {
      return text == null ? List.of() : json.readValue(text, RATE_LIMITS);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored rate limits are corrupt", e);
    }
  }

  // ---- checks

  private static Owner owner(FieldErrors errors, String userId, String orgId) {
    return new Owner(errors.uuid("user_id", userId, false), errors.uuid("org_id", orgId, false));
  }

  private void checkOwnerExists(Owner owner) {
    FieldErrors errors = new FieldErrors();
    Optional<UserMetadata> user =
        owner.userId() == null ? Optional.empty() : users.byId(owner.userId(), true);
    if (owner.userId() != null && user.isEmpty()) {
      errors.add("user_id", "No user with this id exists");
    }
    if (owner.orgId() != null && orgs.fetch(owner.orgId()).isEmpty()) {
      errors.add("org_id", "No organization with this id exists");
    }
    if (errors.isEmpty()
        && user.isPresent()
        && owner.orgId() != null
        && !user.get().orgIdToOrgInfo().containsKey(owner.orgId())) {
      errors.add("user_id", "The user is not a member of this organization");
    }
    errors.throwIfAny();
  }

  private Long expiry(FieldErrors errors, Long expiresAtSeconds) {
    if (expiresAtSeconds == null) {
      return null;
    }
    long now = now();
    if (expiresAtSeconds <= now) {
      errors.add(
          "expires_at_seconds", "must be in the future (unix seconds), got " + expiresAtSeconds);
    } else if (expiresAtSeconds > now + MAX_EXPIRY_SECONDS) {
      errors.add("expires_at_seconds", "must be within 100 years");
    }
    return expiresAtSeconds;
  }

  private String rateLimits(FieldErrors errors, List<Limits.RateLimit> limits) {
    if (limits == null) {
      return "[]";
    }
    if (limits.size() > Limits.MAX_RATE_LIMITS) {
      errors.add(
          "ratelimits",
          "must hold at most " + Limits.MAX_RATE_LIMITS + " windows, got " + limits.size());
      return "[]";
    }
    Set<String> names = new HashSet<>();
    List<Limits.RateLimit> clean = new ArrayList<>();
    for (int i = 0; i < limits.size(); i++) {
      Limits.RateLimit l = limits.get(i);
      String field = "ratelimits[" + i + "]";
      if (l == null || l.name() == null || !l.name().matches("[a-z0-9_.-]{1,32}")) {
        errors.add(field + ".name", "must be 1 to 32 of a-z, 0-9, '_', '.', '-'");
        continue;
      }
      if (!names.add(l.name())) {
        errors.add(field + ".name", "is used twice");
      }
      errors.range(field + ".limit", l.limit(), 1, 1_000_000_000);
      errors.range(field + ".duration_ms", l.durationMs(), 1000, 30L * 24 * 3600 * 1000);
      clean.add(l);
    }
    try {
      return json.writeValueAsString(clean);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Limits.Credits credits(FieldErrors errors, Limits.Credits credits) {
    if (credits == null) {
      return null;
    }
    if (credits.remaining() == null) {
      if (credits.refill() != null) {
        errors.add("credits.remaining", "is required with a refill");
      }
      return new Limits.Credits(null, null);
    }
    errors.range("credits.remaining", credits.remaining(), 0, 1_000_000_000_000L);
    Limits.Refill refill = credits.refill();
    if (refill != null) {
      if (!"daily".equals(refill.interval()) && !"monthly".equals(refill.interval())) {
        errors.add("credits.refill.interval", "must be daily or monthly");
      }
      errors.required("credits.refill.amount", refill.amount());
      errors.range("credits.refill.amount", refill.amount(), 1, 1_000_000_000_000L);
      if (refill.refillDay() != null) {
        if (!"monthly".equals(refill.interval())) {
          errors.add("credits.refill.refill_day", "only applies to a monthly refill");
        }
        errors.range("credits.refill.refill_day", refill.refillDay().longValue(), 1, 31);
      }
    }
    return credits;
  }

  private static Map<String, Object> ownerDetails(Owner owner) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("user_id", owner.userId() == null ? "" : owner.userId());
    d.put("org_id", owner.orgId() == null ? "" : owner.orgId());
    return d;
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
