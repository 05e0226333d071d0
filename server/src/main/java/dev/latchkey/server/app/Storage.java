package dev.latchkey.server.app;

import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.store.ServerMeta;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database, the server secret and the master keyset, checked against each other before anything
 * else runs: a secret or master key other than the one the database was set up with stops the start
 * with a message, instead of running with data that can no longer be read.
 */
record Storage(Database db, ServerKeys keys, MasterKeys masterKeys) {
  private static final Logger LOG = LoggerFactory.getLogger("latchkey");
  static final String SECRET_FINGERPRINT = "secret_fingerprint";
  static final String MASTER_KEY_CHECK = "master_key_check";
  private static final String CHECK_TEXT = "latchkey master key check";
  private static final String CHECK_AAD =
      dev.latchkey.server.crypto.SealedColumns.MASTER_KEY_CHECK.associatedData(
          MASTER_KEY_CHECK, null);

  static Storage open(Config config, MeterRegistry registry) {
    Database db =
        Database.open(
            config.databaseUrl(),
            config.databaseUser(),
            config.databasePassword() == null ? null : config.databasePassword().reveal(),
            config.databasePoolSize(),
            registry);
    try {
      ServerKeys keys = ServerKeys.load(config.secretKey(), config.dataDir()).keys();
      checkSecret(db, keys, config);
      Optional<String> check = db.withHandle(h -> ServerMeta.get(h, MASTER_KEY_CHECK));
      MasterKeys.Opened opened =
          MasterKeys.open(
              config.masterKeyFile(), config.masterKey(), config.dataDir(), check.isEmpty(), keys);
      MasterKeys master = opened.keys();
      if (check.isPresent()) {
        try {
          master.open(check.get(), CHECK_AAD);
        } catch (IllegalStateException e) {
          throw new IllegalStateException(
              "the master keyset ("
                  + master.describeSource()
                  + ") is not the one this database"
                  + " was set up with: every value encrypted under it would be unreadable. Restore the original keyset"
                  + " (LATCHKEY_MASTER_KEY_FILE, LATCHKEY_MASTER_KEY, or "
                  + config.dataDir().resolve(MasterKeys.FILE_NAME)
                  + ").");
        }
      } else {
        String sealed = master.seal(CHECK_TEXT.getBytes(StandardCharsets.UTF_8), CHECK_AAD);
        db.withHandle(
            h -> {
              ServerMeta.put(h, MASTER_KEY_CHECK, sealed);
              return null;
            });
      }
      if (opened.generated()) {
        LOG.warn(
            "generated a master keyset in {}: it encrypts every stored provider key, MFA secret and signing key."
                + " Back it up with the database; without it they cannot be read. For production keep it outside the data"
                + " directory (LATCHKEY_MASTER_KEY_FILE) or in a KMS.",
            master.describeSource());
      }
      return new Storage(db, keys, master);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static void checkSecret(Database db, ServerKeys keys, Config config) {
    String fingerprint = keys.fingerprint();
    Optional<String> stored = db.withHandle(h -> ServerMeta.get(h, SECRET_FINGERPRINT));
    if (stored.isEmpty()) {
      db.withHandle(
          h -> {
            ServerMeta.put(h, SECRET_FINGERPRINT, fingerprint);
            return null;
          });
    } else if (!stored.get().equals(fingerprint)) {
      throw new IllegalStateException(
          "the server secret does not match the one this database was set up with: "
              + "set LATCHKEY_SECRET_KEY (or restore "
              + config.dataDir().resolve(ServerKeys.FILE_NAME)
              + ") to the original value. Starting with another secret would make every stored credential unusable.");
    }
  }
}
