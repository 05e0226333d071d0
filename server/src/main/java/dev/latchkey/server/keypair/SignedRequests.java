package dev.latchkey.server.keypair;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.common.UnauthorizedException;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.SealedColumns;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.identity.Views.UserMetadata;
import dev.latchkey.server.keypair.SignatureScheme.Credential;
import dev.latchkey.server.keypair.SignatureScheme.Hash;
import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Verifies Backend.AI-signed requests: the hot path. A recently seen access key is answered from a
 * near-cache holding its row, policy, opened secret and derived signing keys, so a verification
 * reads no database and writes none (usage is counted in memory and written in batches). Every
 * change to a keypair, its policy or its user evicts the entry; a load that raced a change is not
 * kept.
 *
 * <p>Replay: a signature accepted once is refused as {@code replayed} if it comes again within 30
 * minutes (the longest time a signed date stays inside the ±15-minute skew window). The memory of
 * seen signatures is bounded and per node: behind several nodes, a replay sent to another node is
 * not detected.
 */
final class SignedRequests {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SignedRequests.class);
  static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private final Database db;
  private final KeypairStore keypairs;
  private final PolicyStore policies;
  private final MasterKeys sealer;
  private final UserService users;
  private final Changes changes;
  private final Clock clock;
  private final UsageCounts usage;
  private final SlidingWindow window = new SlidingWindow();
  private final AtomicLong generation = new AtomicLong();
  private final Cache<String, Entry> cache;
  private final Cache<String, Boolean> unknown =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(1)).build();
  // Every accepted request writes here. Caffeine's upkeep (eviction, expiry) runs in the writing
  // thread instead of being handed to the common pool: on 2 cores the hand-off woke a pool
  // thread per drain and writers blocked on the eviction lock when it fell behind (JFR: 160,000
  // pool parks and 31,000 lock waits in one benchmark run, 1.6 of 2 cores busy).
  private final Cache<String, Boolean> seen =
      Caffeine.newBuilder()
          .executor(Runnable::run)
          .maximumSize(500_000)
          .expireAfterWrite(MAX_SKEW.multipliedBy(2))
          .build();

  /** A signed request as received: its method, path with query, and header lookup. */
  record SignedInput(
      String method,
      String pathWithQuery,
      Function<String, String> header,
      Function<Hash, String> bodyHash) {}

  /**
   * A keypair as the verifier keeps it. {@code usable}: active, and its user is enabled. {@code
   * secret} is null when the sealed secret does not open (another master keyset, or a value moved
   * from another row); such an entry is never cached.
   */
  static final class Entry {
    final KeypairRow row;
    final Records.Policy policy;
    final boolean usable;
    private final byte[] secret;
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    Entry(KeypairRow row, Records.Policy policy, boolean usable, byte[] secret) {
      this.row = row;
      this.policy = policy;
      this.usable = usable;
      this.secret = secret;
    }

    byte[] signingKey(Hash hash, String day, String host) {
      String k = hash.name() + "|" + day + "|" + host;
      byte[] key = signingKeys.get(k);
      if (key == null) {
        if (signingKeys.size() > 32) {
          signingKeys.clear();
        }
        key = SignatureScheme.signingKey(hash, SignatureScheme.dayKey(hash, secret, day), host);
        signingKeys.put(k, key);
      }
      return key;
    }
  }

  /** A verified request: the keypair and its rate window after this request. */
  record Verdict(Entry entry, SlidingWindow.Outcome rate) {}

  SignedRequests(
      Database db,
      KeypairStore keypairs,
      PolicyStore policies,
      MasterKeys sealer,
      UserService users,
      Changes changes,
      Clock clock,
      UsageCounts usage,
      int cacheSize) {
    this.db = db;
    this.keypairs = keypairs;
    this.policies = policies;
    this.sealer = sealer;
    this.users = users;
    this.changes = changes;
    this.clock = clock;
    this.usage = usage;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(cacheSize)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();
    changes.subscribe(
        change -> {
          if (change instanceof Changes.UserChanged user) {
            generation.incrementAndGet();
            cache.asMap().values().removeIf(e -> e.row.userId().equals(user.id()));
          }
        });
  }

  Verdict verify(SignedInput in) {
    SignatureScheme.Parsed parsed =
        SignatureScheme.parseAuthorization(in.header().apply("Authorization"));
    if (parsed.failure() != null) {
      throw refuse(parsed.failure());
    }
    Credential credential = parsed.credential();
    String dateAsSent = firstHeader(in, "Date", "X-BackendAI-Date", "X-Sorna-Date");
    if (dateAsSent == null) {
      throw refuse("missing_date");
    }
    OffsetDateTime date =
        SignatureScheme.parseDate(dateAsSent).orElseThrow(() -> refuse("malformed_date"));
    Instant now = clock.instant();
    Duration skew = Duration.between(date.toInstant(), now).abs();
    if (skew.compareTo(MAX_SKEW) >= 0) {
      throw refuse("clock_skew");
    }
    String version = firstHeader(in, "X-BackendAI-Version", "X-Sorna-Version");
    String versionDate = SignatureScheme.versionDate(version);
    if (versionDate == null) {
      throw refuse("unsupported_version");
    }
    String host = in.header().apply("Host");
    if (host == null || host.isBlank()) {
      throw refuse("missing_host");
    }
    Entry entry = entry(credential.accessKey()).orElseThrow(() -> refuse("unknown_access_key"));
    if (entry.secret == null) {
      throw refuse("secret_unavailable");
    }
    Hash hash = credential.hash();
    String bodyHash =
        SignatureScheme.signsBody(versionDate) ? in.bodyHash().apply(hash) : hash.emptyBodyHash;
    String expected =
        SignatureScheme.signature(
            hash,
            entry.signingKey(hash, SignatureScheme.day(date), host),
            SignatureScheme.stringToSign(
                in.method(),
                in.pathWithQuery(),
                dateAsSent,
                host,
                SignatureScheme.mediaType(in.header().apply("Content-Type")),
                version,
                bodyHash));
    if (!SignatureScheme.sameSignature(expected, credential.signature())) {
      throw refuse("bad_signature");
    }
    if (!entry.usable) {
      throw refuse("inactive");
    }
    if (seen.asMap().putIfAbsent(credential.accessKey() + ":" + expected, Boolean.TRUE) != null) {
      throw refuse("replayed");
    }
    long nowSeconds = now.getEpochSecond();
    SlidingWindow.Outcome rate =
        window.acquire(credential.accessKey(), entry.row.rateLimit(), nowSeconds);
    if (rate.allowed()) {
      usage.record(credential.accessKey(), nowSeconds);
    }
    return new Verdict(entry, rate);
  }

  private static String firstHeader(SignedInput in, String... names) {
    for (String name : names) {
      String v = in.header().apply(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private Optional<Entry> entry(String accessKey) {
    if (!Keypairs.ACCESS_KEY.matcher(accessKey).matches()) {
      return Optional.empty();
    }
    Entry cached = cache.getIfPresent(accessKey);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (unknown.getIfPresent(accessKey) != null) {
      return Optional.empty();
    }
    long before = generation.get() + changes.generation();
    Optional<Entry> loaded = load(accessKey);
    if (generation.get() + changes.generation() == before) {
      if (loaded.isPresent()) {
        if (loaded.get().secret != null) {
          cache.put(accessKey, loaded.get());
        }
      } else {
        unknown.put(accessKey, Boolean.TRUE);
      }
    }
    return loaded;
  }

  private Optional<Entry> load(String accessKey) {
    return db.withHandle(
        h -> {
          Optional<KeypairRow> found = keypairs.find(h, accessKey);
          if (found.isEmpty()) {
            return Optional.empty();
          }
          KeypairRow row = found.get();
          Records.Policy policy = policies.find(h, row.resourcePolicy()).orElseThrow();
          boolean userEnabled =
              users.byId(row.userId(), false).map(UserMetadata::enabled).orElse(false);
          byte[] secret = open(row);
          return Optional.of(new Entry(row, policy, row.isActive() && userEnabled, secret));
        });
  }

  private byte[] open(KeypairRow row) {
    try {
      return sealer.open(
          row.sealedSecret(),
          SealedColumns.KEYPAIR_SECRET.associatedData(row.accessKey(), row.userId()));
    } catch (IllegalStateException e) {
      LOG.error("the secret key of keypair {} does not open: {}", row.accessKey(), e.getMessage());
      return null;
    }
  }

  /** Forgets a keypair: after any change to it (and after its deletion). */
  void evict(String accessKey) {
    generation.incrementAndGet();
    cache.invalidate(accessKey);
    unknown.invalidate(accessKey);
  }

  /** Forgets every keypair: after a policy changed. */
  void evictAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  /** Starts a keypair's rate window afresh: when it is deleted. */
  void forgetWindow(String accessKey) {
    window.forget(accessKey);
  }

  static UnauthorizedException refuse(String reason) {
    return new UnauthorizedException(reason, message(reason));
  }

  private static String message(String reason) {
    return switch (reason) {
      case "missing_authorization" ->
          "The request is not signed: Authorization: BackendAI signMethod=HMAC-SHA256,"
              + " credential=<access key>:<signature> is required";
      case "malformed_authorization" ->
          "The Authorization header is not BackendAI signMethod=HMAC-<hash>,"
              + " credential=<access key>:<signature>";
      case "unsupported_sign_method" ->
          "The sign method must be HMAC-SHA256, HMAC-SHA384 or HMAC-SHA512";
      case "missing_date" -> "The request has no Date or X-BackendAI-Date header";
      case "malformed_date" -> "The signed date is not an ISO-8601 or RFC 1123 date";
      case "clock_skew" -> "The signed date is 15 minutes or more away from the server's time";
      case "unsupported_version" ->
          "X-BackendAI-Version must be an API version such as v4.20190615";
      case "missing_host" -> "The request has no Host header";
      case "unknown_access_key" -> "No keypair has this access key";
      case "bad_signature" -> "The signature does not match the request";
      case "inactive" -> "The keypair is deactivated";
      case "secret_unavailable" ->
          "The keypair's secret key cannot be read on this server; the server log has the details";
      case "replayed" -> "This signed request has been seen already; sign each request anew";
      default -> "The signed request is not valid";
    };
  }
}
