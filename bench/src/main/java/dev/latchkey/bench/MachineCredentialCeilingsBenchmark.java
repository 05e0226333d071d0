package dev.latchkey.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.identity.Views.OrgMemberInfo;
import dev.latchkey.server.identity.Views.UserMetadata;
import dev.latchkey.server.token.AccessTokens;
import dev.latchkey.server.token.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceilings of issue 7's machine credentials, per core (one thread; {@code -t 2} for the
 * machine):
 *
 * <ul>
 *   <li>RS256: the server's own signing ({@link AccessTokens#sign} with a real {@link SigningKeys}
 *       key on a SQLite database), a client-credentials-shaped token signed the same way (Nimbus
 *       {@link RSASSASigner} with the signing key), and the bare RSA-2048 {@code SHA256withRSA}
 *       operation under both. A client-credentials grant signs one token, so its rate cannot pass
 *       these.
 *   <li>Backend.AI's HMAC-SHA256 request signature ({@code shared/reference/systems.md} §3d): the
 *       derived signing key ({@code HMAC(HMAC(secret, yyyymmdd), host)}), the string to sign, the
 *       hex signature and a constant-time compare, as a verifier does it per request; the same with
 *       the derived key cached; and with the secret key first opened from the vault's envelope
 *       (issue 7 stores it sealed), the cost when nothing is cached.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class MachineCredentialCeilingsBenchmark {
  private static final String ISSUER = "https://auth.example.com";

  private SigningFixture fixture;
  private SigningKeys signingKeys;
  private AccessTokens accessTokens;
  private AccessTokens.Grant grant;
  private String clientId;
  private byte[] rawSigningInput;

  // Backend.AI
  private MasterKeys sealer;
  private String accessKey;
  private String secretKey;
  private String sealedSecretKey;
  private String secretKeyAad;
  private String method;
  private String relUrl;
  private String date;
  private String host;
  private String contentType;
  private String version;
  private byte[] presentedSignature;
  private byte[] cachedSignKey;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = new SigningFixture("jmh-sign");
    signingKeys = fixture.signingKeys;
    sealer = fixture.sealer;
    ObjectMapper json = fixture.json;
    // sign() reads neither the user service nor the database
    accessTokens =
        new AccessTokens(
            signingKeys,
            null,
            fixture.db,
            fixture.audit,
            json,
            fixture.clock,
            ISSUER,
            Duration.ofHours(24));
    String userId = UUID.randomUUID().toString();
    String orgId = UUID.randomUUID().toString();
    OrgMemberInfo member =
        new OrgMemberInfo(
            orgId,
            "Acme Inc",
            "acme-inc",
            json.createObjectNode(),
            "Admin",
            List.of("Admin", "Member"),
            List.of(
                "latchkey::can_view_other_members",
                "latchkey::can_invite",
                "latchkey::can_change_roles",
                "latchkey::can_remove_users",
                "latchkey::can_manage_api_keys",
                "latchkey::can_manage_provider_keys"),
            "single_role_in_hierarchy",
            List.of(),
            null);
    UserMetadata user =
        new UserMetadata(
            userId,
            "jmh@example.com",
            true,
            true,
            null,
            "Ada",
            "Lovelace",
            null,
            false,
            true,
            false,
            true,
            1_700_000_000L,
            1_700_000_000L,
            false,
            null,
            null,
            null,
            Map.of(orgId, member),
            null,
            null);
    grant =
        new AccessTokens.Grant(
            user,
            Duration.ofMinutes(30),
            null,
            AccessTokens.LoginMethod.GENERATED_FROM_BACKEND_API,
            null,
            null);
    clientId = "my-api-key";
    String token = accessTokens.sign(grant);
    if (accessTokens.verify(token).isEmpty()) {
      throw new IllegalStateException("the server's token did not verify in setup");
    }
    SignedJWT cc = SignedJWT.parse(clientCredentialsToken());
    if (!cc.verify(new RSASSAVerifier(signingKeys.signer().publicKey()))) {
      throw new IllegalStateException("the client-credentials token did not verify in setup");
    }
    rawSigningInput =
        token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);

    // Backend.AI keypair: access key "AKIA" + 16 base32, secret token_urlsafe(30) = 40 chars
    accessKey = "AKIAJMHBENCH7EXAMPLE";
    secretKey = Base64.getUrlEncoder().withoutPadding().encodeToString(RandomTokens.bytes(30));
    secretKeyAad = "keypairs.secret_key:" + accessKey;
    sealedSecretKey = sealer.seal(secretKey.getBytes(StandardCharsets.UTF_8), secretKeyAad);
    method = "POST";
    relUrl = "/session?owner_access_key=" + accessKey;
    date = "2026-11-23T13:50:12.345678+00:00";
    host = "api.latchkey.example:8090";
    contentType = "application/json";
    version = "v8.20240315";
    Mac mac = Mac.getInstance("HmacSHA256");
    cachedSignKey = signKey(mac, secretKey.getBytes(StandardCharsets.UTF_8));
    presentedSignature = hexSignature(mac, cachedSignKey).getBytes(StandardCharsets.US_ASCII);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    fixture.close();
  }

  /** Per-thread primitives: a verifier keeps a Mac per thread (or a pool) instead of a lookup. */
  @State(Scope.Thread)
  public static class Primitives {
    Mac mac;
    Signature rsa;

    @Setup(Level.Trial)
    public void setUp(MachineCredentialCeilingsBenchmark b) throws GeneralSecurityException {
      mac = Mac.getInstance("HmacSHA256");
      rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(b.signingKeys.signer().privateKey());
    }
  }

  // --- RS256 ---

  /** The server's access-token signing: claims from a user in one org, Nimbus RS256. */
  @Benchmark
  public String rs256AccessTokenSign() {
    return accessTokens.sign(grant);
  }

  /** A client-credentials-shaped token (client, owner, scopes), signed as the server signs. */
  @Benchmark
  public String rs256ClientCredentialsSign() throws JOSEException {
    return clientCredentialsToken();
  }

  /** The bare RSA-2048 PKCS#1 v1.5 SHA-256 signature over a JWT's signing input. */
  @Benchmark
  public byte[] rsa2048RawSignature(Primitives p) throws GeneralSecurityException {
    p.rsa.update(rawSigningInput);
    return p.rsa.sign();
  }

  private String clientCredentialsToken() throws JOSEException {
    Instant now = Instant.now();
    return signingKeys.sign(
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(clientId)
            .audience(ISSUER)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(3600)))
            .jwtID(UUID.randomUUID().toString())
            .claim("client_id", clientId)
            .claim("owner", "org:" + UUID.randomUUID())
            .claim("scope", "all")
            .build(),
        JOSEObjectType.JWT);
  }

  // --- Backend.AI HMAC-SHA256 ---

  /** Per request: derive the signing key, sign the string to sign, compare in constant time. */
  @Benchmark
  public boolean hmacBackendAiVerify(Primitives p) throws GeneralSecurityException {
    byte[] key = signKey(p.mac, secretKey.getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(
        hexSignature(p.mac, key).getBytes(StandardCharsets.US_ASCII), presentedSignature);
  }

  /** The same with the derived signing key cached (per access key, day and host). */
  @Benchmark
  public boolean hmacBackendAiVerifyCachedKey(Primitives p) throws GeneralSecurityException {
    return MessageDigest.isEqual(
        hexSignature(p.mac, cachedSignKey).getBytes(StandardCharsets.US_ASCII), presentedSignature);
  }

  /** Nothing cached: open the sealed secret key from the vault's envelope, then verify. */
  @Benchmark
  public boolean hmacBackendAiVerifyWithVaultOpen(Primitives p) throws GeneralSecurityException {
    byte[] secret = sealer.open(sealedSecretKey, secretKeyAad);
    byte[] key = signKey(p.mac, secret);
    java.util.Arrays.fill(secret, (byte) 0);
    return MessageDigest.isEqual(
        hexSignature(p.mac, key).getBytes(StandardCharsets.US_ASCII), presentedSignature);
  }

  /** {@code HMAC(HMAC(secret, yyyymmdd), host)}, the date taken from the Date header's value. */
  private byte[] signKey(Mac mac, byte[] secret) throws GeneralSecurityException {
    String day = date.substring(0, 4) + date.substring(5, 7) + date.substring(8, 10);
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    byte[] k1 = mac.doFinal(day.getBytes(StandardCharsets.US_ASCII));
    mac.init(new SecretKeySpec(k1, "HmacSHA256"));
    return mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
  }

  /** The hex HMAC of the string to sign; the body is not signed in current API versions. */
  private String hexSignature(Mac mac, byte[] signKey) throws GeneralSecurityException {
    String stringToSign =
        method
            + "\n"
            + relUrl
            + "\n"
            + date
            + "\n"
            + "host:"
            + host
            + "\n"
            + "content-type:"
            + contentType
            + "\n"
            + "x-backendai-version:"
            + version
            + "\n"
            + EMPTY_BODY_SHA256;
    mac.init(new SecretKeySpec(signKey, "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
  }

  private static final String EMPTY_BODY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
}
