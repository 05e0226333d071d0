package dev.latchkey.server.crypto;

import dev.latchkey.server.app.Http;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.ConflictException;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.store.Database;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code /api/admin/v1/master_key}: key versions, rotation, rewrap, retirement. */
public final class MasterKeyHandlers {
  private final MasterKeys keys;
  private final Database db;
  private final AuditLog audit;
  private final Http http;

  public MasterKeyHandlers(MasterKeys keys, Database db, AuditLog audit, Http http) {
    this.keys = keys;
    this.db = db;
    this.audit = audit;
    this.http = http;
  }

  record Version(int id, String status, boolean primary, long encryptedValues) {}

  record Overview(String source, int primaryKeyId, List<Version> versions, long legacyValues) {}

  record RetireBody(Long keyId) {}

  public void overview(Context ctx) {
    Map<Integer, Long> usage = Rewrap.usage(db, SealedColumns.ALL);
    ctx.json(
        new Overview(
            keys.describeSource(),
            keys.primaryKeyId(),
            keys.versions().stream()
                .map(
                    v ->
                        new Version(
                            v.id(), v.status(), v.primary(), usage.getOrDefault(v.id(), 0L)))
                .toList(),
            usage.getOrDefault(0, 0L)));
  }

  public void rotate(Context ctx) {
    MasterKeys.KeyVersion v;
    try {
      v = keys.rotate();
    } catch (IllegalStateException e) {
      throw new ConflictException(e.getMessage());
    }
    record("master_key.rotated", String.valueOf(v.id()), ctx);
    ctx.status(201).json(Map.of("primary_key_id", v.id()));
  }

  public void rewrap(Context ctx) {
    int changed = Rewrap.rewrapAll(db, keys, SealedColumns.ALL);
    record("master_key.rewrapped", String.valueOf(keys.primaryKeyId()), ctx);
    ctx.json(Map.of("rewrapped", changed, "primary_key_id", keys.primaryKeyId()));
  }

  public void retire(Context ctx) {
    RetireBody body = http.body(ctx, RetireBody.class);
    FieldErrors errors = new FieldErrors();
    errors.required("key_id", body.keyId());
    errors.throwIfAny();
    int id = body.keyId().intValue();
    if (keys.versions().stream().noneMatch(v -> v.id() == id)) {
      throw new NotFoundException("No key " + id + " in the master keyset");
    }
    if (keys.primaryKeyId() == id) {
      throw InvalidInputException.of("key_id", "is the primary key; rotate first");
    }
    try {
      Rewrap.retire(db, keys, SealedColumns.ALL, id);
    } catch (IllegalArgumentException e) {
      throw new ConflictException(e.getMessage());
    } catch (IllegalStateException e) {
      throw new ConflictException(e.getMessage());
    }
    record("master_key.retired", String.valueOf(id), ctx);
    Http.ok(ctx);
  }

  private void record(String action, String target, Context ctx) {
    db.inTransaction(
        h -> {
          audit.record(h, Http.actor(ctx), action, "master_key", target, Map.of());
          return null;
        });
  }
}
