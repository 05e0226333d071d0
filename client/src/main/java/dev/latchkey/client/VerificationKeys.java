package dev.latchkey.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's token-verifying public keys, fetched over HTTP and cached.
 *
 * <p>Where they come from: {@code /.well-known/jwks.json}, which lists every key that may still
 * verify a token, by {@code kid}, so tokens signed before a rotation keep verifying. A server
 * without a JWKS (one that answers 404 there, as PropelAuth does) is asked for {@code
 * /api/v1/token_verification_metadata}, whose {@code verifier_key_pem} is the single key
 * PropelAuth's clients use.
 *
 * <p>When they are fetched:
 *
 * <ul>
 *   <li>once when {@link LatchkeyAuth} is built, and again on demand while no fetch has succeeded,
 *       with exponential backoff between attempts ({@link #FIRST_RETRY} doubling up to {@link
 *       #MAX_RETRY}): a server that is down at start-up is picked up when it comes back;
 *   <li>when a token names a {@code kid} the cached set lacks (a rotation), at most once per {@link
 *       #MIN_REFETCH_INTERVAL}, so that made-up kids cannot turn into a request flood;
 *   <li>when the cached set is older than {@code maxAge}, by one request while the others keep
 *       using the cached set, so that a key the server stopped publishing stops verifying. A failed
 *       refresh keeps the cached keys.
 * </ul>
 *
 * <p>Thread-safe. The cached set is an immutable snapshot behind a volatile field; only fetches
 * take the lock.
 */
final class VerificationKeys {
  static final String JWKS_PATH = "/.well-known/jwks.json";
  static final String METADATA_PATH = "/api/v1/token_verification_metadata";
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofMinutes(1);
  static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(5);
  private static final int MIN_RSA_BITS = 2048;
  private static final int MAX_RSA_BITS = 16384;
  private static final int MAX_KEYS = 64;
  private static final int MAX_BODY_BYTES = 256 * 1024;
  private static final System.Logger LOG = System.getLogger(LatchkeyAuth.class.getName());

  /**
   * An immutable key set. {@code anyKid} is set only for a metadata key without a kid, which (as in
   * PropelAuth's clients) verifies every token whatever its kid.
   */
  private record KeySet(Map<String, RSAPublicKey> byKid, RSAPublicKey anyKid, Instant fetchedAt) {
    RSAPublicKey find(String kid) {
      if (anyKid != null) {
        return anyKid;
      }
      if (kid == null) {
        return byKid.size() == 1 ? byKid.values().iterator().next() : null;
      }
      return byKid.get(kid);
    }
  }

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final Duration maxAge;
  private final Clock clock;
  private final ObjectMapper json;
  private final ReentrantLock lock = new ReentrantLock();

  private volatile KeySet keys;

  /** Earliest time of the next fetch; written under the lock. */
  private volatile Instant nextFetchAt = Instant.MIN;

  /** Consecutive failed fetches; guarded by the lock. */
  private int failures;

  private volatile String lastFailure = "no fetch was attempted";

  VerificationKeys(
      URI base,
      HttpClient http,
      Duration timeout,
      Duration maxAge,
      Clock clock,
      ObjectMapper json) {
    this.base = base;
    this.http = http;
    this.timeout = timeout;
    this.maxAge = maxAge;
    this.clock = clock;
    this.json = json;
  }

  /** The first fetch, made when the SDK is built; a failure is logged and retried later. */
  void fetchEagerly() {
    lock.lock();
    try {
      fetchLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The key that verifies a token with this {@code kid} (null: the token has none, which is only
   * accepted while the server publishes a single key).
   *
   * @throws UnauthorizedException if no key the server publishes has this kid
   * @throws LatchkeyException 503 if no key set could be fetched yet
   */
  RSAPublicKey keyFor(String kid) {
    KeySet current = keys;
    if (current == null) {
      current = firstKeys();
    } else if (!clock.instant().isBefore(current.fetchedAt().plus(maxAge))) {
      current = refreshWhileOthersUseTheCache(current);
    }
    RSAPublicKey key = current.find(kid);
    if (key == null && kid != null) {
      key = refetchForUnknownKid(current).find(kid);
    }
    if (key == null) {
      throw new UnauthorizedException(
          kid == null
              ? "invalid access token: it has no kid and the server publishes several keys"
              : "invalid access token: no key the server publishes has its kid");
    }
    return key;
  }

  private KeySet firstKeys() {
    lock.lock();
    try {
      if (keys == null && fetchAllowed()) {
        fetchLocked();
      }
      KeySet current = keys;
      if (current == null) {
        long wait = Math.max(0, Duration.between(clock.instant(), nextFetchAt).toSeconds());
        throw new LatchkeyException(
            "the keys that verify access tokens could not be fetched from "
                + base
                + " ("
                + lastFailure
                + "); next attempt in "
                + wait
                + " s",
            503,
            null);
      }
      return current;
    } finally {
      lock.unlock();
    }
  }

  /** Only the thread that gets the lock refreshes; the others verify with the cached keys. */
  private KeySet refreshWhileOthersUseTheCache(KeySet current) {
    if (lock.tryLock()) {
      try {
        if (keys == current && fetchAllowed()) {
          fetchLocked();
        }
      } finally {
        lock.unlock();
      }
    }
    return keys;
  }

  private KeySet refetchForUnknownKid(KeySet seen) {
    lock.lock();
    try {
      if (keys == seen && fetchAllowed()) {
        fetchLocked();
      }
      return keys;
    } finally {
      lock.unlock();
    }
  }

  private boolean fetchAllowed() {
    return !clock.instant().isBefore(nextFetchAt);
  }

  /** One fetch; on success the new set replaces the old one, on failure the old one stays. */
  private void fetchLocked() {
    Instant now = clock.instant();
    try {
      KeySet fetched = fetch(now);
      keys = fetched;
      failures = 0;
      nextFetchAt = now.plus(MIN_REFETCH_INTERVAL);
    } catch (IOException | RuntimeException e) {
      failures++;
      Duration backoff = backoff(failures);
      nextFetchAt = now.plus(backoff);
      lastFailure = describe(e);
      LOG.log(
          Level.WARNING,
          "Latchkey: could not fetch the keys that verify access tokens from {0} ({1}); next attempt"
              + " in {2} s",
          base,
          lastFailure,
          backoff.toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lastFailure = "interrupted";
    }
  }

  /** A JDK network exception often has no message of its own; its type and cause say enough. */
  private static String describe(Exception e) {
    String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    Throwable cause = e.getCause();
    if (e.getMessage() == null && cause != null) {
      text +=
          " ("
              + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName())
              + ")";
    }
    return text;
  }

  static Duration backoff(int failures) {
    int doublings = Math.min(failures - 1, 30);
    Duration d = FIRST_RETRY.multipliedBy(1L << doublings);
    return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
  }

  private KeySet fetch(Instant now) throws IOException, InterruptedException {
    HttpResponse<InputStream> jwks = get(JWKS_PATH);
    if (jwks.statusCode() == 200) {
      return new KeySet(parseJwks(readBody(jwks)), null, now);
    }
    discard(jwks);
    if (jwks.statusCode() != 404) {
      throw new IOException(JWKS_PATH + " answered HTTP " + jwks.statusCode());
    }
    HttpResponse<InputStream> metadata = get(METADATA_PATH);
    if (metadata.statusCode() != 200) {
      discard(metadata);
      throw new IOException(METADATA_PATH + " answered HTTP " + metadata.statusCode());
    }
    JsonNode root = readBody(metadata);
    RSAPublicKey key = fromPem(text(root, "verifier_key_pem"));
    String kid = root.path("kid").isTextual() ? root.get("kid").asText() : null;
    return kid == null ? new KeySet(Map.of(), key, now) : new KeySet(Map.of(kid, key), null, now);
  }

  /** The API key is not sent: these endpoints are public, and the key is worth more than they. */
  private HttpResponse<InputStream> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("User-Agent", "latchkey-java-sdk")
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private JsonNode readBody(HttpResponse<InputStream> response) throws IOException {
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new IOException("the key response is larger than " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode root = json.readTree(body);
    if (root == null || !root.isObject()) {
      throw new IOException("the key response is not a JSON object");
    }
    return root;
  }

  private static void discard(HttpResponse<InputStream> response) throws IOException {
    response.body().close();
  }

  /** Every RSA signing key with a kid; keys for other algorithms or uses are skipped. */
  private static Map<String, RSAPublicKey> parseJwks(JsonNode root) throws IOException {
    JsonNode list = root.get("keys");
    if (list == null || !list.isArray()) {
      throw new IOException("the JWKS has no keys array");
    }
    Map<String, RSAPublicKey> byKid = new LinkedHashMap<>();
    for (JsonNode jwk : list) {
      if (!jwk.isObject()
          || !"RSA".equals(jwk.path("kty").asText())
          || !jwk.path("kid").isTextual()
          || (jwk.has("use") && !"sig".equals(jwk.path("use").asText()))
          || (jwk.has("alg") && !"RS256".equals(jwk.path("alg").asText()))) {
        continue;
      }
      String kid = jwk.get("kid").asText();
      if (byKid.containsKey(kid)) {
        throw new IOException("the JWKS lists kid " + kid + " twice");
      }
      byKid.put(kid, rsa(unsigned(jwk, "n"), unsigned(jwk, "e")));
      if (byKid.size() > MAX_KEYS) {
        throw new IOException("the JWKS lists more than " + MAX_KEYS + " keys");
      }
    }
    if (byKid.isEmpty()) {
      throw new IOException("the JWKS has no RS256 signing key with a kid");
    }
    return Map.copyOf(byKid);
  }

  private static BigInteger unsigned(JsonNode jwk, String member) throws IOException {
    try {
      return new BigInteger(1, Base64.getUrlDecoder().decode(text(jwk, member)));
    } catch (IllegalArgumentException e) {
      throw new IOException("JWK member " + member + " is not base64url", e);
    }
  }

  private static RSAPublicKey rsa(BigInteger modulus, BigInteger exponent) throws IOException {
    try {
      return checked(
          KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)));
    } catch (GeneralSecurityException e) {
      throw new IOException("a JWK is not a valid RSA public key", e);
    }
  }

  private static RSAPublicKey fromPem(String pem) throws IOException {
    String body =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    if (pem.contains("BEGIN RSA PUBLIC KEY") || body.contains("-")) {
      throw new IOException("verifier_key_pem is not an SPKI PEM (BEGIN PUBLIC KEY)");
    }
    try {
      return checked(
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("verifier_key_pem is not an RSA public key", e);
    }
  }

  private static RSAPublicKey checked(PublicKey key) throws IOException {
    if (!(key instanceof RSAPublicKey rsa)) {
      throw new IOException("the key is not an RSA key");
    }
    int bits = rsa.getModulus().bitLength();
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
      throw new IOException(
          "an RSA key must have " + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits, got " + bits);
    }
    return rsa;
  }

  private static String text(JsonNode node, String member) throws IOException {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual()) {
      throw new IOException("the key response has no string " + member);
    }
    return value.asText();
  }
}
