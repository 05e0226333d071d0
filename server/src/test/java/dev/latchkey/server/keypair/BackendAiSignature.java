package dev.latchkey.server.keypair;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature as Backend.AI's Python client computes it, written from the reference on its own
 * (not from the server's code), so the tests check the server against the scheme.
 */
final class BackendAiSignature {
  static final String VERSION = "v4.20190615";
  private static final DateTimeFormatter PYTHON_ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
  private static final AtomicLong MICROS = new AtomicLong();

  private BackendAiSignature() {}

  /** Python's {@code datetime.now(tzutc()).isoformat()}, unique per call (microseconds vary). */
  static String date(Instant at) {
    long micros = MICROS.incrementAndGet() % 999_999;
    return at.plusNanos(micros * 1000).atOffset(ZoneOffset.UTC).format(PYTHON_ISO);
  }

  /** The headers a client sends: Date, Content-Type, X-BackendAI-Version, Host, Authorization. */
  static Map<String, String> headers(
      String method,
      String pathWithQuery,
      String host,
      String date,
      String accessKey,
      String secretKey) {
    String contentType = "application/json";
    String signature =
        sign(method, pathWithQuery, host, date, contentType, VERSION, secretKey, "sha256");
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Date", date);
    h.put("Content-Type", contentType);
    h.put("X-BackendAI-Version", VERSION);
    h.put("Host", host);
    h.put(
        "Authorization",
        "BackendAI signMethod=HMAC-SHA256, credential=" + accessKey + ":" + signature);
    return h;
  }

  static String sign(
      String method,
      String pathWithQuery,
      String host,
      String date,
      String contentType,
      String version,
      String secretKey,
      String hash) {
    return sign(
        method, pathWithQuery, host, date, contentType, version, secretKey, hash, new byte[0]);
  }

  /** With the hash of {@code body} (API versions before v4.20181215 sign the real body). */
  static String sign(
      String method,
      String pathWithQuery,
      String host,
      String date,
      String contentType,
      String version,
      String secretKey,
      String hash,
      byte[] body) {
    try {
      String algorithm = "Hmac" + hash.toUpperCase(java.util.Locale.ROOT);
      String bodyHash = bodyHash(hash, body);
      String toSign =
          String.join(
              "\n",
              method.toUpperCase(java.util.Locale.ROOT),
              pathWithQuery,
              date,
              "host:" + host,
              "content-type:" + contentType.toLowerCase(java.util.Locale.ROOT),
              "x-backendai-version:" + version,
              bodyHash);
      String day =
          Character.isDigit(date.charAt(0))
              ? date.substring(0, 10).replace("-", "")
              : java.time.OffsetDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                  .format(DateTimeFormatter.BASIC_ISO_DATE)
                  .substring(0, 8);
      byte[] k1 = hmac(algorithm, secretKey.getBytes(StandardCharsets.UTF_8), day);
      byte[] key = hmac(algorithm, k1, host);
      return HexFormat.of().formatHex(hmac(algorithm, key, toSign));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String bodyHash(String hash, byte[] body) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance(
                    hash.toUpperCase(java.util.Locale.ROOT).replace("SHA", "SHA-"))
                .digest(body));
  }

  private static byte[] hmac(String algorithm, byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(key, algorithm));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
