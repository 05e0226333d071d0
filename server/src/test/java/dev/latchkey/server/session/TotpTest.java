package dev.latchkey.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238 Appendix B vectors (SHA-1, last six digits). */
class TotpTest {
  static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void code_matchesRfc6238Vectors() {
    assertThat(Totp.code(SECRET, Totp.stepAt(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    assertThat(Totp.code(SECRET, Totp.stepAt(Instant.ofEpochSecond(1111111109))))
        .isEqualTo("081804");
    assertThat(Totp.code(SECRET, Totp.stepAt(Instant.ofEpochSecond(1234567890))))
        .isEqualTo("005924");
    assertThat(Totp.code(SECRET, Totp.stepAt(Instant.ofEpochSecond(2000000000))))
        .isEqualTo("279037");
  }

  @Test
  void match_acceptsOneStepEitherSide_only() {
    Instant now = Instant.ofEpochSecond(1111111109);
    long step = Totp.stepAt(now);
    assertThat(Totp.match(SECRET, Totp.code(SECRET, step - 1), now)).hasValue(step - 1);
    assertThat(Totp.match(SECRET, Totp.code(SECRET, step + 1), now)).hasValue(step + 1);
    assertThat(Totp.match(SECRET, Totp.code(SECRET, step - 2), now)).isEmpty();
    assertThat(Totp.match(SECRET, "12345", now)).isEmpty();
    assertThat(Totp.match(SECRET, null, now)).isEmpty();
  }
}
