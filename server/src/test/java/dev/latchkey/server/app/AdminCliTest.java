package dev.latchkey.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.common.Secret;
import dev.latchkey.server.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey admin keys ...} against the same data directory a server uses. */
class AdminCliTest {
  record Run(int code, String out, String err) {}

  private Run run(Path dir, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.add("--data-dir");
    all.add(dir.toString());
    int code =
        Admin.run(
            all,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void createListRevoke_workOnTheServersDatabase(@TempDir Path dir) {
    Config config =
        Config.from(
            List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dir.toString()), Map.of());
    try (App app = App.create(config, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")))) {
      Run created = run(dir, "keys", "create", "--name", "ops");
      assertThat(created.code()).isZero();
      String key =
          created
              .out()
              .lines()
              .filter(l -> l.startsWith("key: "))
              .findFirst()
              .orElseThrow()
              .substring(5);
      String id =
          created
              .out()
              .lines()
              .filter(l -> l.startsWith("id:  "))
              .findFirst()
              .orElseThrow()
              .substring(5);
      assertThat(app.managementKeys().authenticate(Secret.of(key)).map(k -> k.keyId()))
          .contains(id);

      Run listed = run(dir, "keys", "list");
      assertThat(listed.code()).isZero();
      assertThat(listed.out()).contains(id).contains("ops").doesNotContain(key);

      assertThat(run(dir, "keys", "revoke", id).code()).isZero();
      assertThat(run(dir, "keys", "list").out()).doesNotContain(id);
      assertThat(run(dir, "keys", "list", "--include-revoked").out())
          .contains(id)
          .contains("REVOKED");
      assertThat(run(dir, "keys", "revoke", id).code()).isEqualTo(1);
    }
  }

  @Test
  void signingKeysRotate_makesANewSigner_andKeepsTheOldOneVerifying(@TempDir Path dir) {
    Config config =
        Config.from(
            List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dir.toString()), Map.of());
    App.create(config, new MutableClock(Instant.parse("2026-01-01T00:00:00Z"))).close();
    Run before = run(dir, "signing-keys", "list");
    assertThat(before.code()).isZero();
    String oldKid = before.out().strip().split("\\s+")[0];
    Run rotated = run(dir, "signing-keys", "rotate");
    assertThat(rotated.code()).isZero();
    String newKid = rotated.out().strip().replace("new signing key ", "");
    Run after = run(dir, "signing-keys", "list");
    assertThat(after.out()).contains(newKid + "  SIGNING").contains(oldKid + "  verifying");
  }

  @Test
  void masterKey_rotateRewrapRetire_fromTheCommandLine(@TempDir Path dir) {
    Config config =
        Config.from(
            List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dir.toString()), Map.of());
    App.create(config, new MutableClock(Instant.parse("2026-01-01T00:00:00Z"))).close();
    String first = run(dir, "master-key", "list").out().strip().split("\\s+")[0];
    Run rotated = run(dir, "master-key", "rotate");
    assertThat(rotated.code()).isZero();
    String second = rotated.out().strip().replace("new primary key ", "");
    assertThat(run(dir, "master-key", "retire", first).code()).as("still in use").isEqualTo(1);
    assertThat(run(dir, "master-key", "rewrap").out()).contains("under key " + second);
    assertThat(run(dir, "master-key", "retire", first).code()).isZero();
    Run listed = run(dir, "master-key", "list");
    assertThat(listed.out()).contains(second).contains("PRIMARY").doesNotContain(first + "  ");
  }

  @Test
  void unknownCommand_printsUsage(@TempDir Path dir) {
    Run r = run(dir, "keys", "explode");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("usage: latchkey admin keys");
  }
}
