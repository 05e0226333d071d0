package dev.latchkey.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small real HTTP server that publishes RSA keys the way Latchkey does (a JWKS, or only
 * PropelAuth's token_verification_metadata), and signs tokens with them, so that tests can make
 * tokens the real server never would: odd headers, odd claims, validly signed.
 */
final class KeyServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  record Key(String kid, KeyPair pair) {
    RSAPublicKey publicKey() {
      return (RSAPublicKey) pair.getPublic();
    }

    PrivateKey privateKey() {
      return pair.getPrivate();
    }

    String pem() {
      return "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(pair.getPublic().getEncoded())
          + "\n-----END PUBLIC KEY-----\n";
    }
  }

  enum Mode {
    JWKS,
    METADATA_ONLY,
    METADATA_WITHOUT_KID,
    FAILING
  }

  private final HttpServer server;
  private final AtomicReference<List<Key>> published = new AtomicReference<>(List.of());
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.JWKS);
  private final AtomicInteger requests = new AtomicInteger();

  KeyServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          String path = exchange.getRequestURI().getPath();
          int status = 404;
          String body = "{}";
          Mode m = mode.get();
          if (m == Mode.FAILING) {
            status = 503;
          } else if (path.endsWith("/.well-known/jwks.json") && m == Mode.JWKS) {
            status = 200;
            body = jwks();
          } else if (path.endsWith("/api/v1/token_verification_metadata")) {
            status = 200;
            body = metadata(m == Mode.METADATA_WITHOUT_KID);
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  static Key newKey(String kid) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new Key(kid, generator.generateKeyPair());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void publish(Key... keys) {
    published.set(List.of(keys));
  }

  void mode(Mode m) {
    mode.set(m);
  }

  int requests() {
    return requests.get();
  }

  private String jwks() {
    List<Map<String, Object>> keys = new ArrayList<>();
    for (Key k : published.get()) {
      Map<String, Object> jwk = new LinkedHashMap<>();
      jwk.put("kty", "RSA");
      jwk.put("kid", k.kid());
      jwk.put("use", "sig");
      jwk.put("alg", "RS256");
      jwk.put("n", unsigned(k.publicKey().getModulus()));
      jwk.put("e", unsigned(k.publicKey().getPublicExponent()));
      keys.add(jwk);
    }
    return write(Map.of("keys", keys));
  }

  private String metadata(boolean withoutKid) {
    Key k = published.get().get(0);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verifier_key_pem", k.pem());
    if (!withoutKid) {
      m.put("kid", k.kid());
    }
    return write(m);
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  /** header.payload.signature, the signature over exactly the given segments. */
  static String signSegments(PrivateKey key, String headerSegment, String payloadSegment) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      String input = headerSegment + "." + payloadSegment;
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(rsa.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(Key key, String headerJson, String payloadJson) {
    return signSegments(key.privateKey(), b64(headerJson), b64(payloadJson));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** A clock tests move by hand. */
  static final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    TestClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
