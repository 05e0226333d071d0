package dev.latchkey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 4648 §10 test vectors. */
class Base32Test {
  @Test
  void decode_rfc4648Vectors() {
    assertThat(
            new String(Base32.decode("MZXW6YTBOI======").orElseThrow(), StandardCharsets.US_ASCII))
        .isEqualTo("foobar");
    assertThat(new String(Base32.decode("mzxw6ytb").orElseThrow(), StandardCharsets.US_ASCII))
        .isEqualTo("fooba");
    assertThat(Base32.encode("foob".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YQ");
  }

  @Test
  void decode_rejectsCharactersOutsideTheAlphabet() {
    assertThat(Base32.decode("MZXW1YTB")).isEmpty();
    assertThat(Base32.decode("")).isEmpty();
  }
}
