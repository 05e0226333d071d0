package dev.latchkey.server.keypair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.keypair.SignatureScheme.Hash;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * The scheme against vectors computed with Python's {@code hmac} and {@code hashlib} following
 * Backend.AI's client ({@code generate_signature}) step by step, with AWS's documentation keys.
 */
class SignatureSchemeTest {
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String HOST = "api.example.com:8081";

  private static String sign(String method, String path, String date) {
    OffsetDateTime parsed = SignatureScheme.parseDate(date).orElseThrow();
    byte[] key =
        SignatureScheme.signingKey(
            Hash.SHA256,
            SignatureScheme.dayKey(
                Hash.SHA256, SECRET.getBytes(StandardCharsets.UTF_8), SignatureScheme.day(parsed)),
            HOST);
    return SignatureScheme.signature(
        Hash.SHA256,
        key,
        SignatureScheme.stringToSign(
            method,
            path,
            date,
            HOST,
            SignatureScheme.mediaType("application/json"),
            "v4.20190615",
            Hash.SHA256.emptyBodyHash));
  }

  @Test
  void signature_matchesPythonsComputation() {
    assertThat(sign("post", "/v4/func/session?x=1&y=%20z", "2026-01-01T00:00:00.123456+00:00"))
        .isEqualTo("48917154935142fcd86680f4b394bc9f1517c4b0b0a8495489d51945eef0559f");
  }

  @Test
  void signingKeyDay_isTheSignedDatesOwnDay_notUtcs() {
    // 08:30 at +09:00 is 23:30 UTC the day before; Python's strftime uses the date as given
    assertThat(sign("GET", "/", "2026-01-01T08:30:00+09:00"))
        .isEqualTo("a2e964d87c2b2a21933f55c69f377fa084a63d5f18f919a618ddbbcf4d14a8eb");
  }

  @Test
  void authorization_parsesBackendAiAndSorna_andRefusesOthers() {
    var p =
        SignatureScheme.parseAuthorization(
            "BackendAI signMethod=HMAC-SHA256, credential=AKIAIOSFODNN7EXAMPLE:00ff");
    assertThat(p.credential().accessKey()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
    assertThat(p.credential().signature()).isEqualTo("00ff");
    assertThat(
            SignatureScheme.parseAuthorization("Sorna signMethod=HMAC-SHA512,credential=AKIA:ab")
                .credential()
                .hash())
        .isEqualTo(Hash.SHA512);
    assertThat(SignatureScheme.parseAuthorization("Bearer x").failure())
        .isEqualTo("malformed_authorization");
    assertThat(
            SignatureScheme.parseAuthorization("BackendAI signMethod=HMAC-MD5, credential=A:ab")
                .failure())
        .isEqualTo("unsupported_sign_method");
    assertThat(SignatureScheme.parseAuthorization(null).failure())
        .isEqualTo("missing_authorization");
  }

  @Test
  void bodyIsSigned_onlyBeforeV4_20181215() {
    assertThat(SignatureScheme.signsBody(SignatureScheme.versionDate("v4.20181214"))).isTrue();
    assertThat(SignatureScheme.signsBody(SignatureScheme.versionDate("v4.20181215"))).isFalse();
    assertThat(SignatureScheme.versionDate("4.20181215")).isNull();
    assertThat(Hash.SHA256.emptyBodyHash)
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
