package dev.latchkey.server.keypair;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Backend.AI's request signature, exactly: {@code Authorization: BackendAI signMethod=HMAC-SHA256,
 * credential=<access key>:<hex signature>}; the signing key is derived as {@code k1 =
 * HMAC(secret_key, yyyymmdd of the signed date)}, {@code key = HMAC(k1, host)}; the string to sign
 * joins with {@code \n} the upper-cased method, the path with query, the date value as sent, {@code
 * host:<host>}, {@code content-type:<media type, lower case>}, {@code
 * x-backendai-version:<version>} and the hex hash of the body (of the empty body since API version
 * v4.20181215).
 */
final class SignatureScheme {
  /** API versions from this date on sign the hash of an empty body, not the real one. */
  static final String EMPTY_BODY_SINCE = "20181215";

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "^(BackendAI|Sorna)\\s+signMethod=HMAC-([A-Za-z0-9]+)\\s*,\\s*credential=([A-Za-z0-9]+):([0-9A-Za-z]+)$");
  private static final Pattern VERSION = Pattern.compile("^v(\\d{1,3})\\.(\\d{8})$");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  private SignatureScheme() {}

  /** The hash a signature uses: HMAC-SHA256 (Backend.AI's default), -SHA384 or -SHA512. */
  enum Hash {
    SHA256("HmacSHA256", "SHA-256"),
    SHA384("HmacSHA384", "SHA-384"),
    SHA512("HmacSHA512", "SHA-512");

    final String mac;
    final String digest;
    final String emptyBodyHash;

    Hash(String mac, String digest) {
      this.mac = mac;
      this.digest = digest;
      try {
        this.emptyBodyHash = HexFormat.of().formatHex(MessageDigest.getInstance(digest).digest());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    static Optional<Hash> named(String name) {
      for (Hash h : values()) {
        if (h.name().equalsIgnoreCase(name)) {
          return Optional.of(h);
        }
      }
      return Optional.empty();
    }
  }

  /** A parsed Authorization header. */
  record Credential(Hash hash, String accessKey, String signature) {}

  /** The outcome of parsing the header: the credential, or the reason it is not one. */
  record Parsed(Credential credential, String failure) {}

  static Parsed parseAuthorization(String header) {
    if (header == null || header.isBlank()) {
      return new Parsed(null, "missing_authorization");
    }
    if (header.length() > 512) {
      return new Parsed(null, "malformed_authorization");
    }
    Matcher m = AUTHORIZATION.matcher(header.strip());
    if (!m.matches()) {
      return new Parsed(null, "malformed_authorization");
    }
    Optional<Hash> hash = Hash.named(m.group(2));
    if (hash.isEmpty()) {
      return new Parsed(null, "unsupported_sign_method");
    }
    return new Parsed(new Credential(hash.get(), m.group(3), m.group(4)), null);
  }

  /**
   * The signed date: ISO-8601 with an offset (what the Python client sends), with {@code Z},
   * without an offset (taken as UTC), or RFC 1123 (HTTP's own Date format).
   */
  static Optional<OffsetDateTime> parseDate(String value) {
    if (value == null || value.isBlank() || value.length() > 64) {
      return Optional.empty();
    }
    String v = value.strip();
    try {
      return Optional.of(OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    } catch (DateTimeParseException ignored) {
      // try the next format
    }
    try {
      return Optional.of(
          LocalDateTime.parse(v, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atOffset(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      // try the next format
    }
    try {
      return Optional.of(OffsetDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The API version's date part ({@code v4.20190615} → {@code 20190615}), or null if malformed. */
  static String versionDate(String version) {
    if (version == null) {
      return null;
    }
    Matcher m = VERSION.matcher(version.strip());
    return m.matches() ? m.group(2) : null;
  }

  /** Whether this version signs the real body's hash (versions before v4.20181215). */
  static boolean signsBody(String versionDate) {
    return versionDate.compareTo(EMPTY_BODY_SINCE) < 0;
  }

  /** The day the derived key belongs to: the signed date's own calendar day, as sent. */
  static String day(OffsetDateTime date) {
    return date.format(DAY);
  }

  /** {@code k1 = HMAC(secret, day)}. */
  static byte[] dayKey(Hash hash, byte[] secret, String day) {
    return hmac(hash, secret, day.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code key = HMAC(k1, host)}. */
  static byte[] signingKey(Hash hash, byte[] dayKey, String host) {
    return hmac(hash, dayKey, host.getBytes(StandardCharsets.UTF_8));
  }

  /** The media type of a Content-Type value, lower case, without parameters. */
  static String mediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return "application/octet-stream";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  static String stringToSign(
      String method,
      String pathWithQuery,
      String dateAsSent,
      String host,
      String mediaType,
      String version,
      String bodyHashHex) {
    return method.toUpperCase(Locale.ROOT)
        + "\n"
        + pathWithQuery
        + "\n"
        + dateAsSent
        + "\nhost:"
        + host
        + "\ncontent-type:"
        + mediaType
        + "\nx-backendai-version:"
        + version
        + "\n"
        + bodyHashHex;
  }

  static String signature(Hash hash, byte[] signingKey, String stringToSign) {
    return HexFormat.of()
        .formatHex(hmac(hash, signingKey, stringToSign.getBytes(StandardCharsets.UTF_8)));
  }

  /** Constant-time comparison of two hex signatures. */
  static boolean sameSignature(String expected, String presented) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(Hash hash, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(hash.mac);
      mac.init(new SecretKeySpec(key, hash.mac));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
