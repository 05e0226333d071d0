package dev.latchkey.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.server.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  private Config config(Path dir, Map<String, String> env) {
    return Config.from(
        List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dir.toString()), env);
  }

  @Test
  void firstStart_generatesAManagementKeyOnce_andKeepsTheSecretFile(@TempDir Path dir) {
    try (App first = App.create(config(dir, Map.of()), clock)) {
      assertThat(first.generatedManagementKey()).isPresent();
      assertThat(first.generatedManagementKey().get().reveal()).startsWith("lk_mgmt_");
    }
    assertThat(Files.exists(dir.resolve("secret.key"))).isTrue();
    assertThat(Files.exists(dir.resolve("latchkey.db"))).isTrue();
    try (App second = App.create(config(dir, Map.of()), clock)) {
      assertThat(second.generatedManagementKey()).isEmpty();
    }
  }

  @Test
  void bootstrapKey_becomesTheFirstKey_onlyWhenNoneExists(@TempDir Path dir) {
    try (App app =
        App.create(
            config(dir, Map.of("LATCHKEY_BOOTSTRAP_API_KEY", "bootstrap-key-0123456789abcdef")),
            clock)) {
      assertThat(app.generatedManagementKey()).isEmpty();
      assertThat(
              app.managementKeys()
                  .authenticate(
                      dev.latchkey.server.common.Secret.of("bootstrap-key-0123456789abcdef")))
          .isPresent();
    }
  }

  @Test
  void wrongServerSecret_forAnExistingDatabase_stopsStartWithAClearMessage(@TempDir Path dir) {
    App.create(config(dir, Map.of()), clock).close();
    String other = Base64.getEncoder().encodeToString(new byte[32]);
    assertThatThrownBy(() -> App.create(config(dir, Map.of("LATCHKEY_SECRET_KEY", other)), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not match")
        .hasMessageContaining("LATCHKEY_SECRET_KEY");
  }

  @Test
  void wrongOrMissingMasterKey_forAnExistingDatabase_stopsStartWithAClearMessage(
      @TempDir Path dir, @TempDir Path other) throws Exception {
    App.create(config(dir, Map.of()), clock).close();
    App.create(config(other, Map.of()), clock).close();
    String foreign = Files.readString(other.resolve("master-keyset.json"));
    assertThatThrownBy(() -> App.create(config(dir, Map.of("LATCHKEY_MASTER_KEY", foreign)), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not the one this database was set up with");
    Files.delete(dir.resolve("master-keyset.json"));
    assertThatThrownBy(() -> App.create(config(dir, Map.of()), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is missing");
  }

  @Test
  void unreachableDatabase_stopsStartWithAClearMessage(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                App.create(
                    config(
                        dir, Map.of("LATCHKEY_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none")),
                    clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot connect to the database");
  }
}
