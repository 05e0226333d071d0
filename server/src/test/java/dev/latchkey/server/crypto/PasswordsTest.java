package dev.latchkey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.common.Secret;
import org.junit.jupiter.api.Test;

/** Hashes from independent implementations (bcryptjs, hash-wasm) must verify here. */
class PasswordsTest {
  static final Secret PASSWORD = Secret.of("correct horse battery staple");
  static final String BCRYPT_2B = "$2b$10$81kokott5AcOXO3z7bsYEOL3qOQH52/STpmTbv4p1zsWO0/wG5etG";
  static final String BCRYPT_2Y = "$2y$04$GyMF13tE7RiqNPS89TbcSuuWQm0ZoGTaOZTPjcnlAsdoKsNCTyS7m";
  static final String ARGON2ID =
      "$argon2id$v=19$m=4096,t=2,p=2$bGF0Y2hrZXktc2FsdC0xNg$SktwW7kUtkoYv956bg6s1vHhcqcqs4Ax8RPImhlVuiI";
  static final String ARGON2I =
      "$argon2i$v=19$m=8192,t=3,p=1$bGF0Y2hrZXktc2FsdC0xNg$d7BUZ9aI+UT/vSbRbdQ+TtPyfIfBcxAc";

  @Test
  void verify_acceptsForeignBcryptAndArgon2Hashes() {
    assertThat(Passwords.verify(PASSWORD, BCRYPT_2B)).isTrue();
    assertThat(Passwords.verify(PASSWORD, BCRYPT_2Y)).isTrue();
    assertThat(Passwords.verify(PASSWORD, ARGON2ID)).isTrue();
    assertThat(Passwords.verify(PASSWORD, ARGON2I)).isTrue();
  }

  @Test
  void verify_withWrongPassword_fails() {
    Secret wrong = Secret.of("correct horse battery stapler");
    assertThat(Passwords.verify(wrong, BCRYPT_2B)).isFalse();
    assertThat(Passwords.verify(wrong, ARGON2ID)).isFalse();
    assertThat(Passwords.verify(wrong, ARGON2I)).isFalse();
  }

  @Test
  void verify_withTamperedOrTruncatedHash_fails() {
    assertThat(Passwords.verify(PASSWORD, ARGON2ID.substring(0, ARGON2ID.length() - 4))).isFalse();
    assertThat(Passwords.verify(PASSWORD, ARGON2ID.replace("t=2", "t=3"))).isFalse();
    assertThat(Passwords.verify(PASSWORD, BCRYPT_2B.substring(0, 40))).isFalse();
    assertThat(Passwords.verify(PASSWORD, null)).isFalse();
  }

  @Test
  void hash_isArgon2idWithCurrentParameters_saltedAndVerifiable() {
    String a = Passwords.hash(PASSWORD);
    String b = Passwords.hash(PASSWORD);
    assertThat(a).startsWith("$argon2id$v=19$m=7168,t=5,p=1$").isNotEqualTo(b);
    assertThat(Passwords.verify(PASSWORD, a)).isTrue();
    assertThat(Passwords.needsRehash(a)).isFalse();
  }

  @Test
  void needsRehash_forBcryptAndWeakerArgon2() {
    assertThat(Passwords.needsRehash(BCRYPT_2B)).isTrue();
    assertThat(Passwords.needsRehash(ARGON2ID)).isTrue();
    assertThat(Passwords.needsRehash(ARGON2I)).isTrue();
  }

  @Test
  void importProblem_namesUnsupportedFormats() {
    assertThat(Passwords.importProblem(BCRYPT_2B)).isEmpty();
    assertThat(Passwords.importProblem(ARGON2ID)).isEmpty();
    assertThat(Passwords.importProblem("5f4dcc3b5aa765d61d8327deb882cf99"))
        .get()
        .asString()
        .contains("bcrypt");
    assertThat(
            Passwords.importProblem(
                "$argon2id$v=19$m=99999999,t=2,p=1$bGF0Y2hrZXktc2FsdC0xNg$SktwW7kUtkoYv956bg6s1vHhcqcqs4Ax8RPImhlVuiI"))
        .isPresent();
    assertThat(Passwords.importProblem("")).isPresent();
  }
}
