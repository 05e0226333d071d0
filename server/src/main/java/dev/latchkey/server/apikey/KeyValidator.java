package dev.latchkey.server.apikey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.server.apikey.ApiKeyViews.ValidatedOrg;
import dev.latchkey.server.apikey.ApiKeyViews.Validation;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.common.TooManyRequestsException;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.OrgService;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.identity.Views.Organization;
import dev.latchkey.server.identity.Views.UserMetadata;
import dev.latchkey.server.ratelimit.FailureThrottle;
import dev.latchkey.server.store.Database;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The validation path. A token is checked for format and checksum first (no database), then looked
 * up by digest in a bounded near-cache of validated keys; only a miss reads the database. Every
 * change to a key, its user or its org evicts the affected entries at once ({@link Changes}), and a
 * load that raced a change is not cached. Rate limits, credits and usage counts live in memory;
 * usage and credits are written in batches.
 */
final class KeyValidator {
  static final String INVALID = "Invalid API key";

  private final Database db;
  private final ApiKeyStore store;
  private final ServerKeys keys;
  private final UserService users;
  private final OrgService orgs;
  private final Changes changes;
  private final Clock clock;
  private final ObjectMapper json;
  private final UsageRecorder usage;
  private final ApiKeysSettings settings;
  private final Cache<String, Entry> cache;
  private final Map<String, CreditState> credits = new ConcurrentHashMap<>();
  private final Cache<String, Bucket> buckets;
  private final FailureThrottle perAddress;
  private final FailureThrottle perStart;
  private final TimeMeter time;

  /** Settings of the validation path. */
  record ApiKeysSettings(
      int cacheSize,
      Duration cacheTtl,
      int failuresPerAddress,
      int failuresPerStart,
      Duration failureWindow) {}

  /** A validated key as cached: everything the answer needs, and the rules to apply. */
  record Entry(
      String keyId,
      String userId,
      String orgId,
      Long expiresAt,
      Long oldTokenValidUntil,
      boolean usable,
      boolean imported,
      List<Limits.RateLimit> rateLimits,
      boolean hasCredits,
      Validation answer,
      byte[] answerJson) {}

  KeyValidator(
      Database db,
      ApiKeyStore store,
      ServerKeys keys,
      UserService users,
      OrgService orgs,
      Changes changes,
      Clock clock,
      ObjectMapper json,
      ApiKeysSettings settings) {
    this.db = db;
    this.store = store;
    this.keys = keys;
    this.users = users;
    this.orgs = orgs;
    this.changes = changes;
    this.clock = clock;
    this.json = json;
    this.settings = settings;
    this.usage = new UsageRecorder(db, store, clock);
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(settings.cacheSize())
            .expireAfterWrite(settings.cacheTtl())
            .build();
    this.buckets =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofDays(31)).build();
    this.perAddress =
        new FailureThrottle(settings.failuresPerAddress(), settings.failureWindow(), clock);
    this.perStart =
        new FailureThrottle(settings.failuresPerStart(), settings.failureWindow(), clock);
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
          }

          @Override
          public boolean isWallClockBased() {
            return true;
          }
        };
    changes.subscribe(this::onChange);
  }

  private ApiKeys management;

  void attach(ApiKeys management) {
    this.management = management;
  }

  /**
   * Validates a presented token (a leading {@code Bearer } is ignored). Invalid, expired, disabled,
   * deleted or foreign-format tokens are a 400 naming {@code api_key_token}; limits answer 429 with
   * the wait.
   */
  Validation validate(String presented, boolean importedOnly, String address) {
    return admit(presented, importedOnly, address).answer();
  }

  /**
   * {@link #validate}, answering the JSON of the validation: written once when the key is loaded
   * into the near-cache, not per request (the owner's data made up most of a cached validation's
   * cost).
   */
  byte[] validateToJson(String presented, boolean importedOnly, String address) {
    return admit(presented, importedOnly, address).answerJson();
  }

  private Entry admit(String presented, boolean importedOnly, String address) {
    String token = strip(presented);
    String addressKey = "address:" + address;
    String startKey = "start:" + (token.length() > 12 ? token.substring(0, 12) : token);
    throttle(perAddress.retryAfter(addressKey));
    throttle(perStart.retryAfter(startKey));
    if (token.isEmpty() || token.length() > 512) {
      throw refuse(addressKey, startKey);
    }
    String digest = keys.digest(Secret.of(token));
    Entry entry = cache.getIfPresent(digest);
    if (entry == null) {
      // the format check guards the database; a cached key passed it when it was loaded
      if (!importedOnly && !KeyFormat.wellFormed(token)) {
        throw refuse(addressKey, startKey);
      }
      entry = load(digest).orElseThrow(() -> refuse(addressKey, startKey));
    }
    long now = clock.instant().getEpochSecond();
    if (!entry.usable()
        || entry.imported() != importedOnly
        || (entry.expiresAt() != null && entry.expiresAt() <= now)
        || (entry.oldTokenValidUntil() != null && entry.oldTokenValidUntil() <= now)) {
      throw refuse(addressKey, startKey);
    }
    applyRateLimits(entry);
    applyCredits(entry);
    usage.record(entry.keyId());
    return entry;
  }

  private Optional<Entry> load(String digest) {
    long generation = changes.generation();
    Optional<ApiKeyStore.Found> found = db.withHandle(h -> store.byDigest(h, digest));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ApiKeyRow k = found.get().key();
    Optional<UserMetadata> user =
        k.userId() == null ? Optional.empty() : users.byId(k.userId(), true);
    Optional<Organization> org = k.orgId() == null ? Optional.empty() : orgs.fetch(k.orgId());
    boolean ownerOk =
        (k.userId() == null || (user.isPresent() && user.get().enabled()))
            && (k.orgId() == null || org.isPresent());
    boolean usable = k.deletedAt() == null && k.enabled() && ownerOk;
    ValidatedOrg validatedOrg =
        org.map(
                o ->
                    new ValidatedOrg(
                        o.orgId(),
                        o.name(),
                        o.name(),
                        o.canSetupSaml(),
                        o.maxUsers(),
                        o.isSamlConfigured(),
                        o.legacyOrgId(),
                        o.metadata(),
                        o.customRoleMappingName()))
            .orElse(null);
    var userInOrg =
        user.isPresent() && k.orgId() != null ? user.get().orgIdToOrgInfo().get(k.orgId()) : null;
    Validation answer =
        new Validation(ApiKeys.metadataOf(k), user.orElse(null), validatedOrg, userInOrg, k.id());
    Entry entry =
        new Entry(
            k.id(),
            k.userId(),
            k.orgId(),
            k.expiresAt(),
            found.get().currentDigest() ? null : k.previousValidUntil(),
            usable,
            k.imported(),
            management.rateLimitList(k.ratelimits()),
            k.creditsRemaining() != null,
            answer,
            toJson(answer));
    if (k.creditsRemaining() != null) {
      credits.computeIfAbsent(
          k.id(),
          id ->
              new CreditState(
                  id,
                  k.creditsRemaining(),
                  k.refillInterval() == null
                      ? null
                      : new Limits.Refill(k.refillInterval(), k.refillAmount(), k.refillDay()),
                  k.lastRefillAt()));
    }
    if (changes.generation() == generation) {
      cache.put(digest, entry);
    }
    return Optional.of(entry);
  }

  private byte[] toJson(Validation answer) {
    try {
      return json.writeValueAsBytes(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a validation answer could not be written", e);
    }
  }

  private void applyRateLimits(Entry entry) {
    for (Limits.RateLimit limit : entry.rateLimits()) {
      Bucket bucket =
          buckets.get(
              entry.keyId() + "/" + limit.name() + "/" + limit.limit() + "/" + limit.durationMs(),
              k ->
                  Bucket.builder()
                      .withCustomTimePrecision(time)
                      .addLimit(
                          Bandwidth.builder()
                              .capacity(limit.limit())
                              .refillIntervally(
                                  limit.limit(), Duration.ofMillis(limit.durationMs()))
                              .build())
                      .build());
      ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        long wait = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        throw new TooManyRequestsException(
            "This API key is over its '"
                + limit.name()
                + "' rate limit of "
                + limit.limit()
                + " per "
                + Duration.ofMillis(limit.durationMs()).toSeconds()
                + " s; try again in "
                + wait
                + " seconds",
            wait);
      }
    }
  }

  private void applyCredits(Entry entry) {
    if (!entry.hasCredits()) {
      return;
    }
    CreditState state = credits.get(entry.keyId());
    if (state == null) {
      return;
    }
    Instant now = clock.instant();
    if (!state.tryConsume(now)) {
      long wait = state.secondsToRefill(now);
      if (wait < 0) {
        throw InvalidInputException.of("api_key_token", "This API key has no credits left");
      }
      throw new TooManyRequestsException(
          "This API key has used all its credits; they refill in " + wait + " seconds", wait);
    }
  }

  private InvalidInputException refuse(String addressKey, String startKey) {
    perAddress.fail(addressKey);
    perStart.fail(startKey);
    return InvalidInputException.of("api_key_token", INVALID);
  }

  private static void throttle(OptionalLong retryAfter) {
    if (retryAfter.isPresent()) {
      throw new TooManyRequestsException(
          "Too many invalid API keys from here; try again in "
              + retryAfter.getAsLong()
              + " seconds",
          retryAfter.getAsLong());
    }
  }

  static String strip(String presented) {
    if (presented == null) {
      return "";
    }
    String t = presented.strip();
    if (t.length() > 7 && t.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      t = t.substring(7).strip();
    }
    return t;
  }

  // ---- cache upkeep

  private void onChange(Changes.Change change) {
    switch (change) {
      case Changes.ApiKeyChanged c ->
          cache.asMap().values().removeIf(e -> e.keyId().equals(c.id()));
      case Changes.UserChanged c -> cache.asMap().values().removeIf(e -> c.id().equals(e.userId()));
      case Changes.OrgChanged c -> cache.asMap().values().removeIf(e -> c.id().equals(e.orgId()));
    }
  }

  /**
   * After a management change: forget cached state; with {@code credits}, also the in-memory
   * balance.
   */
  void forgetKey(String keyId, boolean creditsToo) {
    if (creditsToo) {
      CreditState state = credits.remove(keyId);
      if (state != null) {
        usage.flush(List.of());
      }
    }
  }

  Optional<Long> creditsRemaining(String keyId) {
    CreditState state = credits.get(keyId);
    return state == null ? Optional.empty() : Optional.of(state.remaining());
  }

  long pendingCount(String keyId) {
    return usage.pendingCount(keyId);
  }

  Long pendingLastUsed(String keyId) {
    return usage.pendingLastUsed(keyId);
  }

  void flushUsage() {
    usage.flush(credits.values());
  }
}
