package dev.latchkey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.server.common.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeysTest {
  final ServerKeys keys = ServerKeys.fromMaster(new byte[32]);

  @Test
  void decrypt_roundTripsWithTheSameAssociatedData() {
    String sealed = keys.encrypt("secret".getBytes(StandardCharsets.UTF_8), "users.mfa_secret:a");
    assertThat(sealed).startsWith("v1:").doesNotContain("secret");
    assertThat(new String(keys.decrypt(sealed, "users.mfa_secret:a"), StandardCharsets.UTF_8))
        .isEqualTo("secret");
  }

  @Test
  void decrypt_withOtherRowsAssociatedData_fails() {
    String sealed = keys.encrypt("secret".getBytes(StandardCharsets.UTF_8), "users.mfa_secret:a");
    assertThatThrownBy(() -> keys.decrypt(sealed, "users.mfa_secret:b"))
        .hasMessageContaining("another row");
  }

  @Test
  void decrypt_withOtherKey_orTamperedCiphertext_fails() {
    String sealed = keys.encrypt("secret".getBytes(StandardCharsets.UTF_8), "ad");
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> ServerKeys.fromMaster(other).decrypt(sealed, "ad"))
        .isInstanceOf(IllegalStateException.class);
    // flip a character in the middle: the last ones may only carry base64 padding bits
    int middle = sealed.length() / 2;
    char c = sealed.charAt(middle);
    String tampered =
        sealed.substring(0, middle) + (c == 'A' ? 'B' : 'A') + sealed.substring(middle + 1);
    assertThatThrownBy(() -> keys.decrypt(tampered, "ad"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void digest_isKeyedAndStable() {
    Secret s = Secret.of("lk_mgmt_example");
    assertThat(keys.digest(s))
        .isEqualTo(keys.digest(Secret.of("lk_mgmt_example")))
        .doesNotContain("example");
    byte[] other = new byte[32];
    other[0] = 1;
    assertThat(ServerKeys.fromMaster(other).digest(s)).isNotEqualTo(keys.digest(s));
  }

  @Test
  void load_createsAPrivateKeyFileOnce_andReusesIt(@TempDir Path dir) throws Exception {
    ServerKeys.Loaded first = ServerKeys.load(null, dir);
    assertThat(first.created()).isTrue();
    assertThat(Files.getPosixFilePermissions(dir.resolve(ServerKeys.FILE_NAME)))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    ServerKeys.Loaded second = ServerKeys.load(null, dir);
    assertThat(second.created()).isFalse();
    assertThat(second.keys().fingerprint()).isEqualTo(first.keys().fingerprint());
  }

  @Test
  void load_withShortConfiguredSecret_failsNamingTheSetting(@TempDir Path dir) {
    assertThatThrownBy(() -> ServerKeys.load(Secret.of("c2hvcnQ="), dir))
        .hasMessageContaining("LATCHKEY_SECRET_KEY");
  }
}
