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

class MasterKeysTest {
  static final byte[] PLAIN = "sk-live-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  final ServerKeys legacy = ServerKeys.fromMaster(new byte[32]);

  private MasterKeys fresh(Path dir) {
    return MasterKeys.open(null, null, dir, true, legacy).keys();
  }

  @Test
  void open_firstTime_generatesAPrivateKeysetFile(@TempDir Path dir) throws Exception {
    MasterKeys.Opened opened = MasterKeys.open(null, null, dir, true, legacy);
    assertThat(opened.generated()).isTrue();
    Path file = dir.resolve(MasterKeys.FILE_NAME);
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(MasterKeys.open(null, null, dir, true, legacy).generated()).isFalse();
  }

  @Test
  void open_withoutKeysetButWithEncryptedData_refusesToGenerateOne(@TempDir Path dir) {
    assertThatThrownBy(() -> MasterKeys.open(null, null, dir, false, legacy))
        .hasMessageContaining("missing")
        .hasMessageContaining("LATCHKEY_MASTER_KEY_FILE");
  }

  @Test
  void seal_thenOpen_roundTrips_andNeverContainsThePlaintext(@TempDir Path dir) {
    MasterKeys keys = fresh(dir);
    String sealed = keys.seal(PLAIN, "provider_credentials.key_ciphertext:a:w");
    assertThat(sealed).startsWith("t1:").doesNotContain("sk-live");
    assertThat(keys.open(sealed, "provider_credentials.key_ciphertext:a:w")).isEqualTo(PLAIN);
    assertThat(MasterKeys.keyIdOf(sealed)).isEqualTo(keys.primaryKeyId());
  }

  @Test
  void open_withOtherRowsOrOwnersAssociatedData_fails(@TempDir Path dir) {
    MasterKeys keys = fresh(dir);
    String sealed = keys.seal(PLAIN, "t.c:row1:owner1");
    assertThatThrownBy(() -> keys.open(sealed, "t.c:row2:owner1"))
        .hasMessageContaining("another row");
    assertThatThrownBy(() -> keys.open(sealed, "t.c:row1:owner2"))
        .hasMessageContaining("another row");
  }

  @Test
  void open_tamperedOrTruncatedOrForeign_fails(@TempDir Path dir, @TempDir Path other) {
    MasterKeys keys = fresh(dir);
    String sealed = keys.seal(PLAIN, "ad");
    int middle = sealed.length() / 2;
    String tampered =
        sealed.substring(0, middle)
            + (sealed.charAt(middle) == 'A' ? 'B' : 'A')
            + sealed.substring(middle + 1);
    assertThatThrownBy(() -> keys.open(tampered, "ad")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.open(sealed.substring(0, sealed.length() - 8), "ad"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.open("t1:", "ad")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.open("garbage", "ad")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> fresh(other).open(sealed, "ad"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rotate_makesANewPrimary_andOldValuesStillOpen(@TempDir Path dir) {
    MasterKeys keys = fresh(dir);
    String before = keys.seal(PLAIN, "ad");
    int first = keys.primaryKeyId();
    MasterKeys.KeyVersion next = keys.rotate();
    assertThat(next.id()).isNotEqualTo(first).isEqualTo(keys.primaryKeyId());
    assertThat(keys.open(before, "ad")).isEqualTo(PLAIN);
    assertThat(MasterKeys.keyIdOf(keys.seal(PLAIN, "ad"))).isEqualTo(next.id());
    assertThat(keys.versions()).hasSize(2);
    MasterKeys reopened = MasterKeys.open(null, null, dir, false, legacy).keys();
    assertThat(reopened.primaryKeyId()).as("rotation is persisted").isEqualTo(next.id());
    keys.remove(first);
    assertThatThrownBy(() -> keys.open(before, "ad"))
        .as("a retired key no longer opens its values")
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.remove(next.id())).hasMessageContaining("primary");
  }

  @Test
  void legacyValues_fromTheServerSecret_stillOpen(@TempDir Path dir) {
    MasterKeys keys = fresh(dir);
    String old = legacy.encrypt(PLAIN, "users.mfa_secret:u1");
    assertThat(keys.open(old, "users.mfa_secret:u1")).isEqualTo(PLAIN);
    assertThat(MasterKeys.keyIdOf(old)).isZero();
  }

  @Test
  void inlineKeyset_isUsed_andCannotBeRotatedByTheServer(@TempDir Path dir, @TempDir Path other)
      throws Exception {
    fresh(other);
    String json = Files.readString(other.resolve(MasterKeys.FILE_NAME));
    MasterKeys keys = MasterKeys.open(null, Secret.of(json), dir, true, legacy).keys();
    assertThat(keys.open(keys.seal(PLAIN, "ad"), "ad")).isEqualTo(PLAIN);
    assertThat(Files.exists(dir.resolve(MasterKeys.FILE_NAME))).isFalse();
    assertThatThrownBy(keys::rotate).hasMessageContaining("LATCHKEY_MASTER_KEY");
    assertThatThrownBy(() -> MasterKeys.open(null, Secret.of("{not a keyset"), dir, true, legacy))
        .hasMessageContaining("not a Tink JSON keyset");
  }
}
