package dev.latchkey.server.identity;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.SealedColumns;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.store.Rows;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What login needs to know and change about a user's credentials: password hash, MFA secret and its
 * last used time step, failed attempts and lockout, session epoch, recovery codes. The rest of the
 * server sees users only through {@link UserService}.
 */
public final class Credentials {
  private static final String SUBJECT_COLUMNS =
      "id, email, password_hash, mfa_secret, mfa_last_step, enabled, locked, locked_until, failed_logins,"
          + " update_password_required, session_epoch";

  private final Database db;
  private final MasterKeys keys;
  private final AuditLog audit;
  private final Clock clock;
  private final Changes changes;

  Credentials(Database db, MasterKeys keys, AuditLog audit, Clock clock, Changes changes) {
    this.db = db;
    this.keys = keys;
    this.audit = audit;
    this.clock = clock;
    this.changes = changes;
  }

  /** A user as login sees them. The secrets in it never leave the login code. */
  public record Subject(
      String userId,
      String email,
      String passwordHash,
      byte[] mfaSecret,
      long mfaLastStep,
      boolean enabled,
      boolean locked,
      Long lockedUntil,
      int failedLogins,
      boolean updatePasswordRequired,
      long sessionEpoch) {

    /** Locked, and (for a timed lock) not yet expired at {@code now}. */
    public boolean lockedAt(long now) {
      return locked && (lockedUntil == null || lockedUntil > now);
    }

    @Override
    public String toString() {
      return "Subject[" + userId + "]";
    }
  }

  public Optional<Subject> byEmail(String email) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT " + SUBJECT_COLUMNS + " FROM users WHERE email = :email")
                .bind("email", email)
                .map((rs, ctx) -> subject(rs))
                .findOne());
  }

  public Optional<Subject> byId(String userId) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT " + SUBJECT_COLUMNS + " FROM users WHERE id = :id")
                .bind("id", userId)
                .map((rs, ctx) -> subject(rs))
                .findOne());
  }

  private Subject subject(java.sql.ResultSet rs) throws java.sql.SQLException {
    String id = rs.getString("id");
    String ciphertext = rs.getString("mfa_secret");
    return new Subject(
        id,
        rs.getString("email"),
        rs.getString("password_hash"),
        ciphertext == null ? null : keys.open(ciphertext, UserService.mfaAssociatedData(id)),
        rs.getLong("mfa_last_step"),
        rs.getBoolean("enabled"),
        rs.getBoolean("locked"),
        Rows.nullableLong(rs, "locked_until"),
        rs.getInt("failed_logins"),
        rs.getBoolean("update_password_required"),
        rs.getLong("session_epoch"));
  }

  /**
   * Counts a failed attempt; at {@code maxFailures} in a row the account locks for {@code lockFor}.
   * Returns true when this attempt locked it.
   */
  public boolean recordFailure(String userId, int maxFailures, Duration lockFor) {
    boolean result =
        db.inTransaction(
            h -> {
              h.createUpdate("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = :id")
                  .bind("id", userId)
                  .execute();
              int failures =
                  h.createQuery("SELECT failed_logins FROM users WHERE id = :id")
                      .bind("id", userId)
                      .mapTo(Integer.class)
                      .one();
              if (failures < maxFailures) {
                return false;
              }
              h.createUpdate(
                      "UPDATE users SET locked = TRUE, locked_until = :until, failed_logins = 0 WHERE id = :id")
                  .bind("until", now() + lockFor.toSeconds())
                  .bind("id", userId)
                  .execute();
              audit.record(
                  h,
                  Actor.SYSTEM,
                  "user.locked",
                  "user",
                  userId,
                  Map.of("failed_logins", failures, "lock_seconds", lockFor.toSeconds()));
              return true;
            });
    changes.user(userId);
    return result;
  }

  /** A successful login: clears failures and an expired lock, upgrades the hash if given. */
  public void recordSuccess(String userId, String upgradedHash) {
    db.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE users SET failed_logins = 0, locked = FALSE, locked_until = NULL, last_active_at = :now"
                      + (upgradedHash == null ? "" : ", password_hash = :hash")
                      + " WHERE id = :id")
              .bind("now", now())
              .bind("id", userId)
              .bindByType("hash", upgradedHash, String.class)
              .execute();
          if (upgradedHash != null) {
            audit.record(
                h, new Actor("user", userId), "user.password_rehashed", "user", userId, Map.of());
          }
          return null;
        });
    changes.user(userId);
  }

  /** The forced password change at login: new hash, requirement cleared, other sessions end. */
  public void changePassword(String userId, String hash) {
    db.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE users SET password_hash = :hash, update_password_required = FALSE,"
                      + " session_epoch = session_epoch + 1 WHERE id = :id")
              .bind("hash", hash)
              .bind("id", userId)
              .execute();
          audit.record(
              h,
              new Actor("user", userId),
              "user.password_changed",
              "user",
              userId,
              Map.of("at_login", true));
          return null;
        });
    changes.user(userId);
  }

  /** Lifts a lock (admin); failures start again from zero. False when there is no such user. */
  public boolean unlock(String userId, Actor actor) {
    boolean result =
        db.inTransaction(
            h -> {
              int n =
                  h.createUpdate(
                          "UPDATE users SET locked = FALSE, locked_until = NULL, failed_logins = 0 WHERE id = :id")
                      .bind("id", userId)
                      .execute();
              if (n > 0) {
                audit.record(h, actor, "user.unlocked", "user", userId, Map.of());
              }
              return n > 0;
            });
    changes.user(userId);
    return result;
  }

  /**
   * Marks a TOTP time step as used, atomically: false when this or a later step was used before (a
   * replayed code).
   */
  public boolean useTotpStep(String userId, long step) {
    return db.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE users SET mfa_last_step = :step WHERE id = :id AND mfa_last_step < :step")
                    .bind("step", step)
                    .bind("id", userId)
                    .execute())
        > 0;
  }

  // ---- TOTP enrollment

  /**
   * Stores a new, not yet active TOTP secret (encrypted); enrollment ends with {@link
   * #activateTotp}.
   */
  public void putPendingTotp(String userId, byte[] secret) {
    db.withHandle(
        h ->
            h.createUpdate("UPDATE users SET mfa_pending_secret = :s WHERE id = :id")
                .bind("s", keys.seal(secret, pendingAssociatedData(userId)))
                .bind("id", userId)
                .execute());
  }

  public Optional<byte[]> pendingTotp(String userId) {
    return db.withHandle(
            h ->
                h.createQuery("SELECT mfa_pending_secret FROM users WHERE id = :id")
                    .bind("id", userId)
                    .mapTo(String.class)
                    .findOne())
        .map(ciphertext -> keys.open(ciphertext, pendingAssociatedData(userId)));
  }

  /** Makes the pending secret the user's MFA secret, with fresh recovery code digests. */
  public void activateTotp(
      String userId, byte[] secret, long usedStep, List<String> recoveryDigests) {
    db.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE users SET mfa_secret = :s, mfa_pending_secret = NULL, mfa_last_step = :step WHERE id = :id")
              .bind("s", keys.seal(secret, UserService.mfaAssociatedData(userId)))
              .bind("step", usedStep)
              .bind("id", userId)
              .execute();
          replaceRecoveryCodes(h, userId, recoveryDigests);
          audit.record(h, new Actor("user", userId), "user.mfa_enabled", "user", userId, Map.of());
          return null;
        });
    changes.user(userId);
  }

  public void removeTotp(String userId, Actor actor) {
    db.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE users SET mfa_secret = NULL, mfa_pending_secret = NULL WHERE id = :id")
              .bind("id", userId)
              .execute();
          h.createUpdate("DELETE FROM recovery_codes WHERE user_id = :id")
              .bind("id", userId)
              .execute();
          audit.record(h, actor, "user.mfa_disabled", "user", userId, Map.of());
          return null;
        });
    changes.user(userId);
  }

  public void replaceRecoveryCodes(String userId, List<String> digests) {
    db.inTransaction(
        h -> {
          replaceRecoveryCodes(h, userId, digests);
          audit.record(
              h,
              new Actor("user", userId),
              "user.recovery_codes_replaced",
              "user",
              userId,
              Map.of());
          return null;
        });
  }

  private static void replaceRecoveryCodes(Handle h, String userId, List<String> digests) {
    h.createUpdate("DELETE FROM recovery_codes WHERE user_id = :id").bind("id", userId).execute();
    for (String d : digests) {
      h.createUpdate("INSERT INTO recovery_codes (user_id, digest) VALUES (:id, :d)")
          .bind("id", userId)
          .bind("d", d)
          .execute();
    }
  }

  /** Uses up one recovery code; false when it is unknown or used. */
  public boolean useRecoveryCode(String userId, String digest) {
    return db.inTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE recovery_codes SET used_at = :now WHERE user_id = :id AND digest = :d AND used_at IS NULL")
                  .bind("now", now())
                  .bind("id", userId)
                  .bind("d", digest)
                  .execute();
          if (n > 0) {
            audit.record(
                h, new Actor("user", userId), "user.recovery_code_used", "user", userId, Map.of());
          }
          return n > 0;
        });
  }

  public long unusedRecoveryCodes(String userId) {
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM recovery_codes WHERE user_id = :id AND used_at IS NULL")
                .bind("id", userId)
                .mapTo(Long.class)
                .one());
  }

  /** A user created by following a magic link: confirmed address, no password. */
  public String createFromMagicLink(String email) {
    String id = Ids.newUuid();
    long now = now();
    db.inTransaction(
        h -> {
          new UserStore()
              .insert(
                  h,
                  new UserRow(
                      id, email, true, null, null, null, null, null, null, false, true, false,
                      false, null, null, null, now, now, 0));
          audit.record(
              h, new Actor("user", id), "user.created", "user", id, Map.of("via", "magic_link"));
          return null;
        });
    return id;
  }

  private static String pendingAssociatedData(String userId) {
    return SealedColumns.USER_PENDING_MFA.associatedData(userId, null);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
