package dev.latchkey.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a compact JWS access token and reads its claims, with the JDK's RSA and Jackson only.
 *
 * <p>The order matters: the header is checked completely before a key is looked up (so no header
 * can make the SDK fetch keys for an algorithm it refuses), and the payload is not parsed until its
 * signature has verified. Thread-safe: every call uses its own {@link Signature}.
 */
final class AccessTokenVerifier {
  /** Longer tokens are refused before any work; PropelAuth tokens are a few KiB. */
  static final int MAX_TOKEN_CHARS = 16 * 1024;

  /**
   * The only header parameters a token may carry. Anything else (jku, jwk, x5u and x5c would point
   * at other keys; crit, b64 and cty change how the token is read) is refused rather than ignored.
   */
  private static final Set<String> HEADER_PARAMETERS = Set.of("alg", "typ", "kid");

  private static final int MAX_KID_CHARS = 256;
  private static final int MAX_JSON_DEPTH = 64;

  /** 9999-12-31T23:59:59Z: a later NumericDate is not a time but an attack on arithmetic. */
  private static final BigDecimal MAX_NUMERIC_DATE = BigDecimal.valueOf(253_402_300_799L);

  private final VerificationKeys keys;
  private final String issuer;
  private final Duration leeway;
  private final Clock clock;
  private final ObjectMapper strictJson;
  private final TokenClaims claims;

  AccessTokenVerifier(VerificationKeys keys, String issuer, Duration leeway, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.leeway = leeway;
    this.clock = clock;
    this.strictJson = strictMapper();
    this.claims = new TokenClaims();
  }

  /** Duplicate member names and trailing data are errors, and nesting is shallow. */
  private static ObjectMapper strictMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /**
   * The user of a valid token.
   *
   * @throws UnauthorizedException if the token is not valid, naming the rule it breaks
   * @throws LatchkeyException 503 if no verification keys could be fetched yet
   */
  User verify(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw invalid("it is longer than " + MAX_TOKEN_CHARS + " characters");
    }
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
      throw invalid("a JWT has exactly three dot-separated segments");
    }
    String headerPart = token.substring(0, firstDot);
    String payloadPart = token.substring(firstDot + 1, secondDot);
    String signaturePart = token.substring(secondDot + 1);

    JsonNode header = jsonObject(decode(headerPart, "header"), "header");
    String kid = checkHeader(header);
    RSAPublicKey key = keys.keyFor(kid);
    verifySignature(key, token.substring(0, secondDot), decode(signaturePart, "signature"));

    JsonNode payload = jsonObject(decode(payloadPart, "payload"), "payload");
    checkIssuer(payload);
    checkTimes(payload);
    return claims.toUser(payload);
  }

  /** The {@code kid}, or null; throws unless the header is exactly what an RS256 token needs. */
  private static String checkHeader(JsonNode header) {
    if (header.has("crit")) {
      throw invalid("header parameter crit is not supported");
    }
    for (Map.Entry<String, JsonNode> e : header.properties()) {
      if (!HEADER_PARAMETERS.contains(e.getKey())) {
        throw invalid("header parameter " + printable(e.getKey()) + " is not allowed");
      }
    }
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual()) {
      throw invalid("header alg is missing");
    }
    if (!alg.asText().equals("RS256")) {
      throw invalid("alg " + printable(alg.asText()) + " is not allowed; only RS256 is");
    }
    JsonNode typ = header.get("typ");
    if (typ != null && !(typ.isTextual() && typ.asText().equalsIgnoreCase("JWT"))) {
      throw invalid("header typ must be JWT");
    }
    JsonNode kid = header.get("kid");
    if (kid == null) {
      return null;
    }
    if (!kid.isTextual() || kid.asText().isEmpty() || kid.asText().length() > MAX_KID_CHARS) {
      throw invalid("header kid must be a string of 1 to " + MAX_KID_CHARS + " characters");
    }
    return kid.asText();
  }

  private static void verifySignature(RSAPublicKey key, String signingInput, byte[] signature) {
    if (signature.length != (key.getModulus().bitLength() + 7) / 8) {
      throw invalid("the signature has the wrong length for the key");
    }
    boolean valid;
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      valid = rsa.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new UnauthorizedException("invalid access token: the signature cannot be checked", e);
    }
    if (!valid) {
      throw invalid("the signature does not verify");
    }
  }

  private void checkIssuer(JsonNode payload) {
    JsonNode iss = payload.get("iss");
    if (iss == null || !iss.isTextual()) {
      throw invalid("claim iss is missing");
    }
    if (!iss.asText().equals(issuer)) {
      throw invalid("claim iss is " + printable(iss.asText()) + ", expected " + issuer);
    }
  }

  /**
   * {@code exp} and {@code iat} are required (as propelauth-py requires them); {@code nbf} is
   * optional. The leeway widens each bound by the same amount.
   */
  private void checkTimes(JsonNode payload) {
    Instant now = clock.instant();
    Instant exp = numericDate(payload, "exp", true);
    Instant iat = numericDate(payload, "iat", true);
    Instant nbf = numericDate(payload, "nbf", false);
    if (!now.isBefore(exp.plus(leeway))) {
      throw invalid("it expired at " + exp + " (now " + now + ", leeway " + leeway + ")");
    }
    if (iat.isAfter(now.plus(leeway))) {
      throw invalid("it was issued in the future, at " + iat + " (now " + now + ")");
    }
    if (nbf != null && nbf.isAfter(now.plus(leeway))) {
      throw invalid("it is not valid before " + nbf + " (now " + now + ")");
    }
    if (!exp.isAfter(iat)) {
      throw invalid("it expires at " + exp + ", not after it was issued at " + iat);
    }
  }

  private static Instant numericDate(JsonNode payload, String name, boolean required) {
    JsonNode node = payload.get(name);
    if (node == null) {
      if (required) {
        throw invalid("claim " + name + " is missing");
      }
      return null;
    }
    if (!node.isNumber()) {
      throw invalid("claim " + name + " must be a number of seconds");
    }
    BigDecimal seconds = node.decimalValue();
    if (seconds.signum() < 0 || seconds.compareTo(MAX_NUMERIC_DATE) > 0) {
      throw invalid("claim " + name + " is out of range");
    }
    BigDecimal truncated = seconds.setScale(9, RoundingMode.DOWN);
    long whole = truncated.longValue();
    int nanos = truncated.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
    return Instant.ofEpochSecond(whole, nanos);
  }

  /**
   * Strict base64url: the URL-safe alphabet only, no padding, and the canonical encoding (no stray
   * bits in the last character), so that one token has exactly one spelling.
   */
  private static byte[] decode(String part, String name) {
    if (part.isEmpty()) {
      throw invalid("the " + name + " segment is empty");
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        throw invalid("the " + name + " segment is not unpadded base64url");
      }
    }
    if (part.length() % 4 == 1) {
      throw invalid("the " + name + " segment is not unpadded base64url");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw invalid("the " + name + " segment is not unpadded base64url");
    }
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
      throw invalid("the " + name + " segment is not canonical base64url");
    }
    return bytes;
  }

  /** UTF-8 only (Jackson would otherwise guess UTF-16 or UTF-32 from the bytes). */
  private JsonNode jsonObject(byte[] bytes, String name) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw invalid("the " + name + " is not UTF-8");
    }
    JsonNode node;
    try {
      node = strictJson.readTree(text);
    } catch (JsonProcessingException e) {
      throw invalid("the " + name + " is not a JSON object without duplicate names");
    }
    if (node == null || !node.isObject()) {
      throw invalid("the " + name + " is not a JSON object");
    }
    return node;
  }

  /** Text from an unverified header, safe to put in a log line. */
  private static String printable(String value) {
    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  private static UnauthorizedException invalid(String why) {
    return new UnauthorizedException("invalid access token: " + why);
  }
}
