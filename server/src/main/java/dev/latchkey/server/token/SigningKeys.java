package dev.latchkey.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.SealedColumns;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.store.Rows;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * RS256 signing keys. One key signs; keys retired by a rotation keep verifying until the longest
 * token they may have signed has expired, so rotation needs no downtime. Private keys are stored
 * encrypted with the server's data key and bound to their {@code kid}.
 *
 * <p>The in-memory view is refreshed from the database at most every {@link #REFRESH}, so that a
 * rotation made on one node reaches the others.
 */
public final class SigningKeys {
  static final int RSA_BITS = 2048;
  public static final Duration REFRESH = Duration.ofSeconds(30);

  private final Database db;
  private final MasterKeys keys;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration maxTokenLifetime;
  private volatile State state;

  /** One key: the private part only on the signer. */
  public record Key(
      String kid,
      RSAPublicKey publicKey,
      RSAPrivateKey privateKey,
      String publicKeyPem,
      long createdAt,
      Long retiredAt,
      Long verifyUntil) {
    @Override
    public String toString() {
      return "Key[kid=" + kid + "]";
    }
  }

  private record State(Key signer, List<Key> verifying, long loadedAt) {}

  public SigningKeys(
      Database db, MasterKeys keys, AuditLog audit, Clock clock, Duration maxTokenLifetime) {
    this.db = db;
    this.keys = keys;
    this.audit = audit;
    this.clock = clock;
    this.maxTokenLifetime = maxTokenLifetime;
    ensureSigner();
  }

  /** The key that signs new tokens. */
  public Key signer() {
    return state().signer();
  }

  /** An RS256 JWS of {@code claims} by the current signer, its {@code kid} and {@code typ} set. */
  public String sign(JWTClaimsSet claims, JOSEObjectType type) {
    Key key = signer();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).type(type).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key.privateKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
  }

  /** Every key whose tokens may still be valid, the signer first. */
  public List<Key> verifying() {
    return state().verifying();
  }

  /**
   * Makes a new key the signer. The old one keeps verifying for {@code maxTokenLifetime}, the
   * longest any token it signed can live.
   */
  public Key rotate(Actor actor) {
    Key created =
        db.inTransaction(
            h -> {
              long now = now();
              h.createUpdate(
                      "UPDATE signing_keys SET retired_at = :now, verify_until = :until WHERE retired_at IS NULL")
                  .bind("now", now)
                  .bind("until", now + maxTokenLifetime.toSeconds())
                  .execute();
              Key key = insertNew(h);
              audit.record(h, actor, "signing_key.rotated", "signing_key", key.kid(), Map.of());
              return key;
            });
    state = load();
    return created;
  }

  /** JWKS ({@code /.well-known/jwks.json}) of the verifying keys. */
  public Map<String, Object> jwks() {
    return Map.of(
        "keys",
        verifying().stream()
            .map(
                k ->
                    new RSAKey.Builder(k.publicKey())
                        .keyID(k.kid())
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.RS256)
                        .build()
                        .toJSONObject())
            .toList());
  }

  private State state() {
    State s = state;
    if (clock.millis() - s.loadedAt() > REFRESH.toMillis()) {
      s = load();
      state = s;
    }
    return s;
  }

  private void ensureSigner() {
    db.inTransaction(
        h -> {
          long signers =
              h.createQuery("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL")
                  .mapTo(Long.class)
                  .one();
          if (signers == 0) {
            Key key = insertNew(h);
            audit.record(
                h, Actor.SYSTEM, "signing_key.created", "signing_key", key.kid(), Map.of());
          }
          return null;
        });
    state = load();
  }

  private Key insertNew(Handle h) {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS);
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation is unavailable", e);
    }
    String kid = HexFormat.of().formatHex(dev.latchkey.server.crypto.RandomTokens.bytes(8));
    String pem = pem((RSAPublicKey) pair.getPublic());
    long now = now();
    h.createUpdate(
            "INSERT INTO signing_keys (kid, algorithm, public_key_pem, private_key, created_at)"
                + " VALUES (:kid, 'RS256', :pem, :priv, :now)")
        .bind("kid", kid)
        .bind("pem", pem)
        .bind("priv", keys.seal(pair.getPrivate().getEncoded(), associatedData(kid)))
        .bind("now", now)
        .execute();
    return new Key(
        kid,
        (RSAPublicKey) pair.getPublic(),
        (RSAPrivateKey) pair.getPrivate(),
        pem,
        now,
        null,
        null);
  }

  private State load() {
    long now = now();
    List<Key> keysInDb =
        db.withHandle(
            h ->
                h.createQuery(
                        "SELECT kid, public_key_pem, private_key, created_at, retired_at, verify_until FROM signing_keys"
                            + " WHERE retired_at IS NULL OR verify_until > :now ORDER BY (retired_at IS NOT NULL), created_at DESC, kid")
                    .bind("now", now)
                    .map(
                        (rs, ctx) -> {
                          String kid = rs.getString("kid");
                          Long retired = Rows.nullableLong(rs, "retired_at");
                          RSAPrivateKey priv =
                              retired == null ? privateKey(kid, rs.getString("private_key")) : null;
                          return new Key(
                              kid,
                              publicKey(rs.getString("public_key_pem")),
                              priv,
                              rs.getString("public_key_pem"),
                              rs.getLong("created_at"),
                              retired,
                              Rows.nullableLong(rs, "verify_until"));
                        })
                    .list());
    Key signer =
        keysInDb.stream()
            .filter(k -> k.retiredAt() == null)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no active signing key"));
    return new State(signer, List.copyOf(keysInDb), clock.millis());
  }

  private RSAPrivateKey privateKey(String kid, String ciphertext) {
    try {
      byte[] der = keys.open(ciphertext, associatedData(kid));
      return (RSAPrivateKey)
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing key " + kid + " is unreadable", e);
    }
  }

  static RSAPublicKey publicKey(String pem) {
    String body =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored public key is unreadable", e);
    }
  }

  /** SPKI PEM ({@code BEGIN PUBLIC KEY}), the form PropelAuth clients import. */
  static String pem(RSAPublicKey key) {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }

  private static String associatedData(String kid) {
    return SealedColumns.SIGNING_KEY.associatedData(kid, null);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
