package dev.latchkey.server.identity;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.common.TooManyRequestsException;
import dev.latchkey.server.crypto.Base32;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.Passwords;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.SealedColumns;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.Views.UserMetadata;
import dev.latchkey.server.identity.Views.UsersPage;
import dev.latchkey.server.mail.Mail;
import dev.latchkey.server.mail.Mailer;
import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/** Users: lookups, queries, creation and migration, profile changes, and email confirmation. */
public final class UserService {
  static final int MAX_BATCH = 1000;
  static final Duration RESEND_INTERVAL = Duration.ofSeconds(60);
  private static final Pattern USERNAME = Pattern.compile("^[^\\s@]{1,64}$");

  private final Database db;
  private final UserStore users;
  private final OrgStore orgs;
  private final OrgService orgService;
  private final EmailTokens emailTokens;
  private final ViewMapper views;
  private final AuditLog audit;
  private final Mailer mailer;
  private final ServerKeys keys;
  private final Clock clock;
  private final String publicBase;
  private final Duration confirmationTtl;
  private final Changes changes;
  private final MasterKeys sealer;

  UserService(
      Database db,
      UserStore users,
      OrgStore orgs,
      OrgService orgService,
      EmailTokens emailTokens,
      ViewMapper views,
      AuditLog audit,
      Mailer mailer,
      ServerKeys keys,
      Clock clock,
      String publicBase,
      Duration confirmationTtl,
      Changes changes,
      MasterKeys sealer) {
    this.db = db;
    this.users = users;
    this.orgs = orgs;
    this.orgService = orgService;
    this.emailTokens = emailTokens;
    this.views = views;
    this.audit = audit;
    this.mailer = mailer;
    this.keys = keys;
    this.clock = clock;
    this.publicBase = publicBase;
    this.confirmationTtl = confirmationTtl;
    this.changes = changes;
    this.sealer = sealer;
  }

  // ---- reads

  public Optional<UserMetadata> byId(String userId, boolean includeOrgs) {
    return db.withHandle(h -> users.byId(h, userId).map(u -> one(h, u, includeOrgs)));
  }

  /** The orgs where the user's role grants {@code permission}; none for an unknown user. */
  public java.util.Set<String> orgsGranting(String userId, String permission) {
    return byId(userId, true)
        .map(
            u ->
                u.orgIdToOrgInfo() == null
                    ? java.util.Set.<String>of()
                    : u.orgIdToOrgInfo().values().stream()
                        .filter(
                            o ->
                                o.userPermissions() != null
                                    && o.userPermissions().contains(permission))
                        .map(dev.latchkey.server.identity.Views.OrgMemberInfo::orgId)
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()))
        .orElse(java.util.Set.of());
  }

  public Optional<UserMetadata> byEmail(String email, boolean includeOrgs) {
    FieldErrors errors = new FieldErrors();
    String clean = errors.email("email", email, true);
    errors.throwIfAny();
    return db.withHandle(h -> users.byEmail(h, clean).map(u -> one(h, u, includeOrgs)));
  }

  public Optional<UserMetadata> byUsername(String username, boolean includeOrgs) {
    FieldErrors errors = new FieldErrors();
    String clean = errors.text("username", username, true, 64);
    errors.throwIfAny();
    return db.withHandle(h -> users.byUsername(h, clean).map(u -> one(h, u, includeOrgs)));
  }

  private UserMetadata one(Handle h, UserRow u, boolean includeOrgs) {
    return views.users(h, List.of(u), includeOrgs, null).get(0);
  }

  /**
   * Users with the given ids, in the order asked, each once; unknown or malformed ids are skipped.
   */
  public List<UserMetadata> batchByIds(List<String> ids, boolean includeOrgs) {
    List<String> wanted =
        distinct("user_ids", ids, id -> Ids.isUuid(id) ? id.toLowerCase(Locale.ROOT) : null);
    return batch(wanted, includeOrgs, users::byIds, UserRow::id);
  }

  public List<UserMetadata> batchByEmails(List<String> emails, boolean includeOrgs) {
    List<String> wanted = distinct("emails", emails, e -> e.strip().toLowerCase(Locale.ROOT));
    return batch(wanted, includeOrgs, users::byEmails, UserRow::email);
  }

  public List<UserMetadata> batchByUsernames(List<String> usernames, boolean includeOrgs) {
    List<String> wanted = distinct("usernames", usernames, u -> u.strip().toLowerCase(Locale.ROOT));
    return batch(
        wanted, includeOrgs, users::byUsernames, u -> u.username().toLowerCase(Locale.ROOT));
  }

  private interface BatchLookup {
    List<UserRow> find(Handle h, List<String> keys);
  }

  private List<UserMetadata> batch(
      List<String> wanted, boolean includeOrgs, BatchLookup lookup, Function<UserRow, String> key) {
    return db.withHandle(
        h -> {
          Map<String, UserRow> found = new LinkedHashMap<>();
          lookup.find(h, wanted).forEach(u -> found.put(key.apply(u), u));
          List<UserRow> ordered = new ArrayList<>();
          LinkedHashSet<String> seen = new LinkedHashSet<>();
          for (String k : wanted) {
            UserRow u = found.get(k);
            if (u != null && seen.add(u.id())) {
              ordered.add(u);
            }
          }
          return views.users(h, ordered, includeOrgs, null);
        });
  }

  private static List<String> distinct(
      String field, List<String> values, Function<String, String> normalize) {
    if (values == null) {
      throw InvalidInputException.of(field, "is required");
    }
    if (values.size() > MAX_BATCH) {
      throw InvalidInputException.of(
          field, "must hold at most " + MAX_BATCH + " entries, got " + values.size());
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String v : values) {
      if (v == null) {
        throw InvalidInputException.of(field, "must not contain null");
      }
      if (v.length() > 320) {
        continue;
      }
      String n = normalize.apply(v);
      if (n != null && !n.isEmpty()) {
        out.add(n);
      }
    }
    return List.copyOf(out);
  }

  /** {@code fetch_users_by_query}. */
  public UsersPage query(
      Long pageSize,
      Long pageNumber,
      String orderBy,
      String emailOrUsername,
      String legacyUserId,
      boolean includeOrgs) {
    FieldErrors errors = new FieldErrors();
    PageRequest page = PageRequest.of(pageSize, pageNumber, errors);
    UserStore.Order order = UserStore.Order.CREATED_AT_ASC;
    if (orderBy != null) {
      try {
        order = UserStore.Order.valueOf(orderBy);
      } catch (IllegalArgumentException e) {
        errors.add(
            "order_by",
            "must be one of CREATED_AT_ASC, CREATED_AT_DESC, LAST_ACTIVE_AT_ASC, LAST_ACTIVE_AT_DESC, EMAIL, USERNAME, got '"
                + orderBy
                + "'");
      }
    }
    String search =
        emailOrUsername == null || emailOrUsername.isEmpty()
            ? null
            : errors.text("email_or_username", emailOrUsername, false, FieldErrors.MAX_EMAIL);
    String legacy = errors.text("legacy_user_id", legacyUserId, false, 255);
    errors.throwIfAny();
    UserStore.Order o = order;
    return db.withHandle(
        h -> {
          Page<UserRow> result = users.query(h, search, legacy, o, page);
          return new UsersPage(
              views.users(h, result.items(), includeOrgs, null),
              result.total(),
              page.pageNumber(),
              page.pageSize(),
              result.hasMore());
        });
  }

  /** {@code fetch_users_in_org}; each user carries {@code role_in_org}. */
  public UsersPage inOrg(
      String orgId, Long pageSize, Long pageNumber, String role, boolean includeOrgs) {
    FieldErrors errors = new FieldErrors();
    PageRequest page = PageRequest.of(pageSize, pageNumber, errors);
    String cleanRole = errors.text("role", role, false, 64);
    errors.throwIfAny();
    return db.withHandle(
        h -> {
          if (orgs.byId(h, orgId).isEmpty()) {
            throw new NotFoundException("Organization not found");
          }
          Page<UserRow> result = users.inOrg(h, orgId, cleanRole, page);
          return new UsersPage(
              views.users(h, result.items(), includeOrgs, orgId),
              result.total(),
              page.pageNumber(),
              page.pageSize(),
              result.hasMore());
        });
  }

  // ---- creation

  public String create(Requests.CreateUser r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String email = errors.email("email", r.email(), true);
    String username = username(errors, r.username());
    String first = errors.text("first_name", r.firstName(), false, 100);
    String last = errors.text("last_name", r.lastName(), false, 100);
    String properties = errors.jsonObject("properties", r.properties());
    checkPassword(errors, "password", r.password(), false);
    errors.throwIfAny();
    String hash = r.password() == null ? null : Passwords.hash(r.password());
    boolean confirmed = Boolean.TRUE.equals(r.emailConfirmed());
    boolean sendConfirmation =
        !confirmed && !Boolean.FALSE.equals(r.sendEmailToConfirmEmailAddress());
    long now = now();
    UserRow row =
        new UserRow(
            Ids.newUuid(),
            email,
            confirmed,
            username,
            first,
            last,
            null,
            hash,
            null,
            false,
            true,
            false,
            Boolean.TRUE.equals(r.askUserToUpdatePasswordOnLogin()),
            null,
            null,
            properties,
            now,
            now,
            0);
    List<Mail> outgoing = new ArrayList<>();
    db.inTransaction(
        h -> {
          checkUnique(h, email, username, null);
          users.insert(h, row);
          audit.record(h, actor, "user.created", "user", row.id(), Map.of("email", email));
          orgService.autojoin(h, row, actor);
          if (sendConfirmation) {
            outgoing.add(confirmationMail(h, row.id(), email, EmailTokens.CONFIRM));
          }
          return null;
        });
    outgoing.forEach(mailer::send);
    return row.id();
  }

  /** {@code migrate_user_from_external_source}: keeps the old id, password hash and MFA secret. */
  public String migrate(Requests.MigrateUser r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String email = errors.email("email", r.email(), true);
    String username = username(errors, r.username());
    String first = errors.text("first_name", r.firstName(), false, 100);
    String last = errors.text("last_name", r.lastName(), false, 100);
    String picture = errors.url("picture_url", r.pictureUrl());
    String properties = errors.jsonObject("properties", r.properties());
    String legacy = errors.text("existing_user_id", r.existingUserId(), false, 255);
    if (r.existingPasswordHash() != null) {
      Passwords.importProblem(r.existingPasswordHash().reveal())
          .ifPresent(p -> errors.add("existing_password_hash", p));
    }
    byte[] mfaSecret = null;
    if (r.existingMfaBase32EncodedSecret() != null) {
      mfaSecret = Base32.decode(r.existingMfaBase32EncodedSecret().reveal()).orElse(null);
      if (mfaSecret == null || mfaSecret.length < 10 || mfaSecret.length > 128) {
        errors.add(
            "existing_mfa_base32_encoded_secret",
            "must be a base32 (RFC 4648) secret of 16 to 204 characters");
        mfaSecret = null;
      }
    }
    errors.throwIfAny();
    String id = Ids.newUuid();
    long now = now();
    String mfa = mfaSecret == null ? null : sealer.seal(mfaSecret, mfaAssociatedData(id));
    boolean updateRequired =
        Boolean.TRUE.equals(r.updatePasswordRequired())
            || Boolean.TRUE.equals(r.askUserToUpdatePasswordOnLogin());
    UserRow row =
        new UserRow(
            id,
            email,
            Boolean.TRUE.equals(r.emailConfirmed()),
            username,
            first,
            last,
            picture,
            r.existingPasswordHash() == null ? null : r.existingPasswordHash().reveal(),
            mfa,
            false,
            !Boolean.FALSE.equals(r.enabled()),
            false,
            updateRequired,
            legacy,
            null,
            properties,
            now,
            now,
            0);
    db.inTransaction(
        h -> {
          checkUnique(h, email, username, null);
          users.insert(h, row);
          audit.record(
              h,
              actor,
              "user.migrated",
              "user",
              id,
              Map.of(
                  "email",
                  email,
                  "with_password",
                  row.hasPassword(),
                  "with_mfa",
                  row.mfaEnabled()));
          orgService.autojoin(h, row, actor);
          return null;
        });
    return id;
  }

  /** Binds an MFA ciphertext to its user, so it cannot be moved to another row. */
  static String mfaAssociatedData(String userId) {
    return SealedColumns.USER_MFA.associatedData(userId, null);
  }

  public boolean migratePassword(Requests.MigratePassword r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String userId = errors.uuid("user_id", r.userId(), true);
    if (r.passwordHash() == null) {
      errors.add("password_hash", "is required");
    } else {
      Passwords.importProblem(r.passwordHash().reveal())
          .ifPresent(p -> errors.add("password_hash", p));
    }
    errors.throwIfAny();
    return change(
        userId,
        actor,
        "user.password_migrated",
        Map.of("password_hash", r.passwordHash().reveal()),
        Map.of());
  }

  // ---- changes

  public boolean updateEmail(String userId, Requests.UpdateEmail r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String email = errors.email("new_email", r.newEmail(), true);
    errors.throwIfAny();
    boolean confirm = !Boolean.FALSE.equals(r.requireEmailConfirmation());
    List<Mail> outgoing = new ArrayList<>();
    boolean found =
        db.inTransaction(
            h -> {
              Optional<UserRow> user = users.byId(h, userId);
              if (user.isEmpty()) {
                return false;
              }
              if (users.emailTaken(h, email, userId)) {
                throw InvalidInputException.of(
                    "new_email", "A user with this email already exists");
              }
              if (confirm) {
                outgoing.add(confirmationMail(h, userId, email, EmailTokens.CHANGE));
                audit.record(
                    h,
                    actor,
                    "user.email_change_requested",
                    "user",
                    userId,
                    Map.of("new_email", email));
              } else {
                users.update(h, userId, Map.of("email", email, "email_confirmed", true));
                audit.record(
                    h, actor, "user.email_changed", "user", userId, Map.of("new_email", email));
                orgService.autojoin(h, users.byId(h, userId).orElseThrow(), actor);
              }
              return true;
            });
    if (found) {
      changes.user(userId);
    }
    outgoing.forEach(mailer::send);
    return found;
  }

  public boolean updateMetadata(String userId, Requests.UpdateMetadata r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    Map<String, Object> set = new LinkedHashMap<>();
    String username = username(errors, r.username());
    put(set, "username", username);
    put(set, "first_name", errors.text("first_name", r.firstName(), false, 100));
    put(set, "last_name", errors.text("last_name", r.lastName(), false, 100));
    put(set, "picture_url", errors.url("picture_url", r.pictureUrl()));
    put(set, "metadata", errors.jsonObject("metadata", r.metadata()));
    put(set, "properties", errors.jsonObject("properties", r.properties()));
    put(set, "update_password_required", r.updatePasswordRequired());
    put(set, "legacy_user_id", errors.text("legacy_user_id", r.legacyUserId(), false, 255));
    errors.throwIfAny();
    return changed(
        userId,
        db.inTransaction(
            h -> {
              if (username != null && users.usernameTaken(h, username, userId)) {
                throw InvalidInputException.of(
                    "username", "A user with this username already exists");
              }
              if (!users.update(h, userId, set)) {
                return false;
              }
              audit.record(
                  h,
                  actor,
                  "user.updated",
                  "user",
                  userId,
                  Map.of("fields", List.copyOf(set.keySet())));
              return true;
            }));
  }

  public boolean updatePassword(String userId, Requests.UpdatePassword r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    checkPassword(errors, "password", r.password(), true);
    errors.throwIfAny();
    String hash = Passwords.hash(r.password());
    return changeEndingSessions(
        userId,
        actor,
        "user.password_changed",
        Map.of(
            "password_hash",
            hash,
            "update_password_required",
            Boolean.TRUE.equals(r.askUserToUpdatePasswordOnLogin())));
  }

  public boolean clearPassword(String userId, Actor actor) {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("password_hash", null);
    return changeEndingSessions(userId, actor, "user.password_cleared", set);
  }

  public boolean setEnabled(String userId, boolean enabled, Actor actor) {
    if (enabled) {
      return change(userId, actor, "user.enabled", Map.of("enabled", true), Map.of());
    }
    return changeEndingSessions(
        userId, actor, "user.disabled", Map.of("enabled", false, "sessions_valid_after", now()));
  }

  public boolean setCanCreateOrgs(String userId, boolean can, Actor actor) {
    return change(
        userId,
        actor,
        can ? "user.can_create_orgs_enabled" : "user.can_create_orgs_disabled",
        Map.of("can_create_orgs", can),
        Map.of());
  }

  public boolean disableMfa(String userId, Actor actor) {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("mfa_secret", null);
    return change(userId, actor, "user.mfa_disabled", set, Map.of());
  }

  /** Ends every session of the user: sessions issued before now stop refreshing. */
  public boolean logoutAllSessions(String userId, Actor actor) {
    return changeEndingSessions(
        userId, actor, "user.sessions_revoked", Map.of("sessions_valid_after", now()));
  }

  public boolean delete(String userId, Actor actor) {
    return changed(
        userId,
        db.inTransaction(
            h -> {
              if (!users.delete(h, userId)) {
                return false;
              }
              audit.record(h, actor, "user.deleted", "user", userId, Map.of());
              return true;
            }));
  }

  private boolean change(
      String userId, Actor actor, String action, Map<String, Object> set, Map<String, ?> details) {
    return changed(
        userId,
        db.inTransaction(
            h -> {
              if (!users.update(h, userId, set)) {
                return false;
              }
              audit.record(h, actor, action, "user", userId, details);
              return true;
            }));
  }

  /** A change after which no existing session may refresh (the session epoch moves on). */
  private boolean changeEndingSessions(
      String userId, Actor actor, String action, Map<String, Object> set) {
    return changed(
        userId,
        db.inTransaction(
            h -> {
              if (!users.update(h, userId, set)) {
                return false;
              }
              users.bumpSessionEpoch(h, userId);
              audit.record(h, actor, action, "user", userId, Map.of());
              return true;
            }));
  }

  // ---- email confirmation

  /** Sends a fresh confirmation link; at most one per {@link #RESEND_INTERVAL} per user. */
  public void resendConfirmation(String userId, Actor actor) {
    Mail mail =
        db.inTransaction(
            h -> {
              UserRow user =
                  users.byId(h, userId).orElseThrow(() -> new NotFoundException("User not found"));
              if (user.emailConfirmed()) {
                throw InvalidInputException.of(
                    "user_id", "The user's email address is already confirmed");
              }
              Optional<Long> last = emailTokens.newestCreatedAt(h, userId);
              if (last.isPresent() && now() - last.get() < RESEND_INTERVAL.toSeconds()) {
                long wait = RESEND_INTERVAL.toSeconds() - (now() - last.get());
                throw new TooManyRequestsException(
                    "A confirmation email was sent recently; try again in " + wait + " seconds",
                    wait);
              }
              audit.record(h, actor, "user.confirmation_resent", "user", userId, Map.of());
              return confirmationMail(h, userId, user.email(), EmailTokens.CONFIRM);
            });
    mailer.send(mail);
  }

  private Mail confirmationMail(Handle h, String userId, String email, String purpose) {
    Secret token = Secret.of(RandomTokens.base62(32));
    long now = now();
    emailTokens.put(
        h,
        new EmailTokens.Row(
            Ids.newUuid(), userId, purpose, email, now, now + confirmationTtl.toSeconds()),
        keys.digest(token));
    String link = publicBase + "/api/v1/email_confirmation?token=" + token.reveal();
    return new Mail(
        email,
        "Confirm your email address",
        "Confirm that "
            + email
            + " is your email address by opening this link:\n\n"
            + link
            + "\n\n"
            + "The link expires in "
            + confirmationTtl.toHours()
            + " hours. If you did not expect it, ignore this message.\n");
  }

  /**
   * Follows a confirmation link. Returns the confirmed address, or empty if the link is invalid or
   * expired.
   */
  public Optional<Confirmed> confirmEmail(Secret token) {
    Optional<Confirmed> confirmed =
        db.inTransaction(
            h -> {
              Optional<EmailTokens.Row> found = emailTokens.byDigest(h, keys.digest(token));
              if (found.isEmpty()) {
                return Optional.empty();
              }
              EmailTokens.Row t = found.get();
              emailTokens.delete(h, t.id());
              if (t.expiresAt() <= now()) {
                return Optional.empty();
              }
              Actor actor = new Actor("user", t.userId());
              if (t.purpose().equals(EmailTokens.CHANGE)) {
                if (users.emailTaken(h, t.email(), t.userId())) {
                  return Optional.empty();
                }
                users.update(h, t.userId(), Map.of("email", t.email(), "email_confirmed", true));
                audit.record(
                    h,
                    actor,
                    "user.email_changed",
                    "user",
                    t.userId(),
                    Map.of("new_email", t.email()));
              } else {
                Optional<UserRow> user = users.byId(h, t.userId());
                if (user.isEmpty() || !user.get().email().equals(t.email())) {
                  return Optional.empty();
                }
                users.update(h, t.userId(), Map.of("email_confirmed", true));
                audit.record(h, actor, "user.email_confirmed", "user", t.userId(), Map.of());
              }
              orgService.autojoin(h, users.byId(h, t.userId()).orElseThrow(), actor);
              return Optional.of(new Confirmed(t.userId(), t.email()));
            });
    confirmed.ifPresent(c -> changes.user(c.userId()));
    return confirmed;
  }

  /** A followed confirmation link: whose address, and which address is now confirmed. */
  public record Confirmed(String userId, String email) {}

  private boolean changed(String userId, boolean found) {
    if (found) {
      changes.user(userId);
    }
    return found;
  }

  // ---- shared checks

  private String username(FieldErrors errors, String value) {
    String u = errors.text("username", value, false, 64);
    if (u != null && !USERNAME.matcher(u).matches()) {
      errors.add("username", "must be 1 to 64 characters without spaces or '@'");
      return null;
    }
    return u;
  }

  private static void checkPassword(
      FieldErrors errors, String field, Secret password, boolean required) {
    if (password == null) {
      if (required) {
        errors.add(field, "is required");
      }
      return;
    }
    if (password.length() < Passwords.MIN_LENGTH || password.length() > Passwords.MAX_LENGTH) {
      errors.add(
          field,
          "must be between "
              + Passwords.MIN_LENGTH
              + " and "
              + Passwords.MAX_LENGTH
              + " characters");
    }
  }

  private void checkUnique(Handle h, String email, String username, String exceptId) {
    FieldErrors errors = new FieldErrors();
    if (users.emailTaken(h, email, exceptId)) {
      errors.add("email", "A user with this email already exists");
    }
    if (username != null && users.usernameTaken(h, username, exceptId)) {
      errors.add("username", "A user with this username already exists");
    }
    errors.throwIfAny();
  }

  private static void put(Map<String, Object> set, String column, Object value) {
    if (value != null) {
      set.put(column, value);
    }
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
