package dev.latchkey.server.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.ApiException;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.Rewrap;
import dev.latchkey.server.crypto.SealedColumns;
import dev.latchkey.server.mgmtkey.ManagementKeys;
import dev.latchkey.server.token.SigningKeys;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code latchkey admin ...}: tasks run directly against the database, with or without the server
 * running (same data directory or database URL).
 *
 * <pre>
 *   admin keys list [--include-revoked]
 *   admin keys create [--name NAME] [--can-decrypt]
 *   admin keys revoke ID
 *   admin signing-keys list
 *   admin signing-keys rotate
 *   admin master-key list|rotate|rewrap|retire KEY_ID
 * </pre>
 */
public final class Admin {
  private Admin() {}

  static final String USAGE =
      """
      usage: latchkey admin keys list [--include-revoked]
             latchkey admin keys create [--name NAME] [--can-decrypt]
             latchkey admin keys revoke ID
             latchkey admin signing-keys list
             latchkey admin signing-keys rotate
             latchkey admin master-key list
             latchkey admin master-key rotate
             latchkey admin master-key rewrap
             latchkey admin master-key retire KEY_ID
      Each also takes --data-dir DIR and --database-url URL (or the LATCHKEY_* variables).""";

  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.size() < 2 || !List.of("keys", "signing-keys", "master-key").contains(args.get(0))) {
      err.println(USAGE);
      return 2;
    }
    String action = args.get(1);
    List<String> configFlags = new ArrayList<>();
    String name = null;
    String id = null;
    boolean includeRevoked = false;
    boolean canDecrypt = false;
    for (int i = 2; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--name") && i + 1 < args.size()) {
        name = args.get(++i);
      } else if (a.equals("--can-decrypt")) {
        canDecrypt = true;
      } else if (a.equals("--include-revoked")) {
        includeRevoked = true;
      } else if (a.startsWith("--")) {
        configFlags.add(a);
        if (!a.contains("=") && i + 1 < args.size()) {
          configFlags.add(args.get(++i));
        }
      } else if (id == null) {
        id = a;
      } else {
        err.println(USAGE);
        return 2;
      }
    }
    Config config = Config.from(configFlags, env);
    ObjectMapper json = Json.mapper();
    Storage storage;
    try {
      storage = Storage.open(config, null);
    } catch (IllegalStateException e) {
      err.println("latchkey: " + e.getMessage());
      return 1;
    }
    try (var db = storage.db()) {
      if (args.get(0).equals("master-key")) {
        return masterKey(action, id, db, storage, out, err);
      }
      if (args.get(0).equals("signing-keys")) {
        return signingKeys(action, config, db, storage, json, out, err);
      }
      ManagementKeys keys =
          new ManagementKeys(
              db, storage.keys(), new AuditLog(Clock.systemUTC(), json), Clock.systemUTC());
      switch (action) {
        case "list" -> {
          for (int page = 0; ; page++) {
            var result = keys.list(includeRevoked, new PageRequest(100, page));
            for (ManagementKeys.ManagementKey k : result.items()) {
              out.printf(
                  "%s  %-20s  %s…  created %s%s%n",
                  k.id(),
                  k.name(),
                  k.displayStart(),
                  Instant.ofEpochSecond(k.createdAt()),
                  k.revokedAt() == null ? "" : "  REVOKED " + Instant.ofEpochSecond(k.revokedAt()));
            }
            if (!result.hasMore()) {
              break;
            }
          }
          return 0;
        }
        case "create" -> {
          ManagementKeys.CreatedKey created = keys.create(name, canDecrypt, Actor.cli());
          out.println("id:  " + created.key().id());
          out.println("key: " + created.secret().reveal());
          err.println("Store the key now: it is not shown again.");
          return 0;
        }
        case "revoke" -> {
          if (id == null) {
            err.println(USAGE);
            return 2;
          }
          keys.revoke(id, Actor.cli());
          out.println("revoked " + id);
          return 0;
        }
        default -> {
          err.println(USAGE);
          return 2;
        }
      }
    } catch (ApiException e) {
      err.println("latchkey: " + e.getMessage());
      return 1;
    }
  }

  private static int signingKeys(
      String action,
      Config config,
      dev.latchkey.server.store.Database db,
      Storage storage,
      ObjectMapper json,
      PrintStream out,
      PrintStream err) {
    SigningKeys signing =
        new SigningKeys(
            db,
            storage.masterKeys(),
            new AuditLog(Clock.systemUTC(), json),
            Clock.systemUTC(),
            config.accessTokenMaxLifetime());
    switch (action) {
      case "list" -> {
        String signer = signing.signer().kid();
        for (SigningKeys.Key k : signing.verifying()) {
          out.printf(
              "%s  %s  created %s%s%n",
              k.kid(),
              k.kid().equals(signer) ? "SIGNING  " : "verifying",
              Instant.ofEpochSecond(k.createdAt()),
              k.verifyUntil() == null ? "" : "  until " + Instant.ofEpochSecond(k.verifyUntil()));
        }
        return 0;
      }
      case "rotate" -> {
        SigningKeys.Key key = signing.rotate(Actor.cli());
        out.println("new signing key " + key.kid());
        err.println(
            "Running servers pick it up within "
                + SigningKeys.REFRESH.toSeconds()
                + " s; old keys keep verifying until their tokens expire.");
        return 0;
      }
      default -> {
        err.println(USAGE);
        return 2;
      }
    }
  }

  private static int masterKey(
      String action,
      String keyId,
      dev.latchkey.server.store.Database db,
      Storage storage,
      PrintStream out,
      PrintStream err) {
    MasterKeys keys = storage.masterKeys();
    switch (action) {
      case "list" -> {
        var usage = Rewrap.usage(db, SealedColumns.ALL);
        for (MasterKeys.KeyVersion v : keys.versions()) {
          out.printf(
              "%d  %s%s  encrypts %d values%n",
              v.id(), v.status(), v.primary() ? "  PRIMARY" : "", usage.getOrDefault(v.id(), 0L));
        }
        if (usage.getOrDefault(0, 0L) > 0) {
          out.printf(
              "legacy (pre-Tink) values: %d; run 'latchkey admin master-key rewrap'%n",
              usage.get(0));
        }
        out.println("keyset: " + keys.describeSource());
        return 0;
      }
      case "rotate" -> {
        MasterKeys.KeyVersion v = keys.rotate();
        out.println("new primary key " + v.id());
        err.println(
            "Running servers read the keyset at start: restart them, then run 'latchkey admin master-key rewrap'.");
        return 0;
      }
      case "rewrap" -> {
        out.println(
            "re-encrypted "
                + Rewrap.rewrapAll(db, keys, SealedColumns.ALL)
                + " values under key "
                + keys.primaryKeyId());
        return 0;
      }
      case "retire" -> {
        if (keyId == null || !keyId.matches("-?\\d+")) {
          err.println(USAGE);
          return 2;
        }
        try {
          Rewrap.retire(db, keys, SealedColumns.ALL, Integer.parseInt(keyId));
        } catch (IllegalArgumentException e) {
          err.println("latchkey: " + e.getMessage());
          return 1;
        }
        out.println("retired key " + keyId);
        return 0;
      }
      default -> {
        err.println(USAGE);
        return 2;
      }
    }
  }
}
