package dev.latchkey.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.server.app.Json;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.token.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;

/**
 * What the signing benchmarks run on: the server's {@link SigningKeys} over a throwaway SQLite
 * database in a temporary directory, with a generated master keyset. {@link #close} removes both.
 */
final class SigningFixture implements AutoCloseable {
  final Path dir;
  final Database db;
  final ServerKeys serverKeys;
  final MasterKeys sealer;
  final ObjectMapper json = Json.mapper();
  final Clock clock = Clock.systemUTC();
  final AuditLog audit = new AuditLog(clock, json);
  final SigningKeys signingKeys;

  SigningFixture(String name) throws IOException {
    dir = Files.createTempDirectory("latchkey-" + name + "-");
    db = Database.open("jdbc:sqlite:" + dir.resolve("latchkey.db"), null, null, 4, null);
    serverKeys = ServerKeys.fromMaster(RandomTokens.bytes(32));
    sealer = MasterKeys.open(null, null, dir, true, serverKeys).keys();
    signingKeys = new SigningKeys(db, sealer, audit, clock, Duration.ofHours(24));
  }

  @Override
  public void close() throws IOException {
    db.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
