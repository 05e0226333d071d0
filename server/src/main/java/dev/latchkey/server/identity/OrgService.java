package dev.latchkey.server.identity;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.Views.CreatedOrg;
import dev.latchkey.server.identity.Views.InvitesPage;
import dev.latchkey.server.identity.Views.Organization;
import dev.latchkey.server.identity.Views.OrgsPage;
import dev.latchkey.server.identity.Views.PendingInvite;
import dev.latchkey.server.mail.Mail;
import dev.latchkey.server.mail.Mailer;
import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Organizations, their members and invitations, with the org rules: member limits, email-domain
 * auto-join and restriction, unique names (by URL-safe slug).
 */
public final class OrgService {
  private final Database db;
  private final OrgStore orgs;
  private final UserStore users;
  private final ViewMapper views;
  private final Roles roles;
  private final AuditLog audit;
  private final Mailer mailer;
  private final ServerKeys keys;
  private final Clock clock;
  private final String publicBase;
  private final Duration inviteTtl;
  private final Changes changes;

  OrgService(
      Database db,
      OrgStore orgs,
      UserStore users,
      ViewMapper views,
      Roles roles,
      AuditLog audit,
      Mailer mailer,
      ServerKeys keys,
      Clock clock,
      String publicBase,
      Duration inviteTtl,
      Changes changes) {
    this.db = db;
    this.orgs = orgs;
    this.users = users;
    this.views = views;
    this.roles = roles;
    this.audit = audit;
    this.mailer = mailer;
    this.keys = keys;
    this.clock = clock;
    this.publicBase = publicBase;
    this.inviteTtl = inviteTtl;
    this.changes = changes;
  }

  /** The URL-safe name clients derive from an org name: lower case, spaces as dashes. */
  static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replace(' ', '-');
  }

  public Optional<Organization> fetch(String orgId) {
    return db.withHandle(h -> orgs.byId(h, orgId).map(views::organization));
  }

  public OrgsPage query(Requests.OrgQuery q) {
    FieldErrors errors = new FieldErrors();
    PageRequest page = PageRequest.of(q.pageSize(), q.pageNumber(), errors);
    OrgStore.Order order = parseOrder(q.orderBy(), errors);
    String name = errors.text("name", q.name(), false, 200);
    String legacy = errors.text("legacy_org_id", q.legacyOrgId(), false, 255);
    String domain = errors.domain("domain", q.domain());
    errors.throwIfAny();
    Page<OrgRow> result = db.withHandle(h -> orgs.query(h, name, legacy, domain, order, page));
    return new OrgsPage(
        result.items().stream().map(views::summary).toList(),
        result.total(),
        page.pageNumber(),
        page.pageSize(),
        result.hasMore());
  }

  private static OrgStore.Order parseOrder(String value, FieldErrors errors) {
    if (value == null) {
      return OrgStore.Order.CREATED_AT_ASC;
    }
    try {
      return OrgStore.Order.valueOf(value);
    } catch (IllegalArgumentException e) {
      errors.add(
          "order_by", "must be one of CREATED_AT_ASC, CREATED_AT_DESC, NAME, got '" + value + "'");
      return OrgStore.Order.CREATED_AT_ASC;
    }
  }

  public CreatedOrg create(Requests.CreateOrg r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String name = errors.text("name", r.name(), true, 100);
    String domain = errors.domain("domain", r.domain());
    boolean autojoin = Boolean.TRUE.equals(r.enableAutoJoiningByDomain());
    boolean restrict = Boolean.TRUE.equals(r.membersMustHaveMatchingDomain());
    if ((autojoin || restrict) && domain == null && !errors.has("domain")) {
      errors.add(
          "domain",
          "is required when enable_auto_joining_by_domain or members_must_have_matching_domain is true");
    }
    errors.range("max_users", r.maxUsers(), 1, 1_000_000);
    String legacy = errors.text("legacy_org_id", r.legacyOrgId(), false, 255);
    String mapping = errors.text("custom_role_mapping_name", r.customRoleMappingName(), false, 100);
    errors.throwIfAny();
    String id = Ids.newUuid();
    return db.inTransaction(
        h -> {
          if (orgs.slugTaken(h, slug(name), null)) {
            throw InvalidInputException.of("name", "An organization with this name already exists");
          }
          OrgRow row =
              new OrgRow(
                  id,
                  name,
                  slug(name),
                  false,
                  false,
                  false,
                  r.maxUsers() == null ? null : r.maxUsers().intValue(),
                  "{}",
                  domain,
                  "[]",
                  autojoin,
                  restrict,
                  mapping,
                  legacy,
                  null,
                  false,
                  null,
                  null,
                  now());
          orgs.insert(h, row);
          audit.record(h, actor, "org.created", "org", id, Map.of("name", name));
          return new CreatedOrg(id, name);
        });
  }

  /** Applies the given fields; returns false when the org does not exist. */
  public boolean update(String orgId, Requests.UpdateOrg r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    Map<String, Object> set = new LinkedHashMap<>();
    String name = errors.text("name", r.name(), false, 100);
    if (name != null) {
      set.put("name", name);
      set.put("slug", slug(name));
    }
    putIfPresent(set, "can_setup_saml", r.canSetupSaml());
    String metadata = errors.jsonObject("metadata", r.metadata());
    putIfPresent(set, "metadata", metadata);
    errors.range("max_users", r.maxUsers(), 1, 1_000_000);
    if (r.maxUsers() != null) {
      set.put("max_users", r.maxUsers().intValue());
    }
    putIfPresent(set, "domain_autojoin", r.autojoinByDomain());
    putIfPresent(set, "domain_restrict", r.restrictToDomain());
    String domain = errors.domain("domain", r.domain());
    putIfPresent(set, "domain", domain);
    putIfPresent(set, "legacy_org_id", errors.text("legacy_org_id", r.legacyOrgId(), false, 255));
    if (r.require2faBy() != null) {
      try {
        set.put("require_2fa_by", OffsetDateTime.parse(r.require2faBy()).toString());
      } catch (DateTimeParseException e) {
        errors.add("require_2fa_by", "must be an ISO-8601 date-time such as 2026-12-31T00:00:00Z");
      }
    }
    if (r.extraDomains() != null) {
      if (r.extraDomains().size() > 50) {
        errors.add("extra_domains", "must list at most 50 domains, got " + r.extraDomains().size());
      } else {
        List<String> clean = new ArrayList<>();
        for (String d : r.extraDomains()) {
          String ok = errors.domain("extra_domains", d == null ? "" : d);
          if (ok != null && !clean.contains(ok)) {
            clean.add(ok);
          }
        }
        set.put("extra_domains", JsonText.write(clean));
      }
    }
    putIfPresent(set, "password_rotation_enabled", r.passwordRotationEnabled());
    errors.range("password_rotation_history_size", r.passwordRotationHistorySize(), 0, 100);
    errors.range("password_rotation_period", r.passwordRotationPeriod(), 1, 3650);
    if (r.passwordRotationHistorySize() != null) {
      set.put("password_rotation_history_size", r.passwordRotationHistorySize().intValue());
    }
    if (r.passwordRotationPeriod() != null) {
      set.put("password_rotation_period", r.passwordRotationPeriod().intValue());
    }
    putIfPresent(
        set,
        "custom_role_mapping_name",
        errors.text("custom_role_mapping_name", r.customRoleMappingName(), false, 100));
    errors.throwIfAny();
    return changedOrg(
        orgId,
        null,
        db.inTransaction(
            h -> {
              Optional<OrgRow> current = orgs.byIdForUpdate(h, orgId);
              if (current.isEmpty()) {
                return false;
              }
              OrgRow org = current.get();
              if (name != null && orgs.slugTaken(h, slug(name), orgId)) {
                throw InvalidInputException.of(
                    "name", "An organization with this name already exists");
              }
              boolean autojoin =
                  r.autojoinByDomain() != null ? r.autojoinByDomain() : org.domainAutojoin();
              boolean restrict =
                  r.restrictToDomain() != null ? r.restrictToDomain() : org.domainRestrict();
              String effectiveDomain = domain != null ? domain : org.domain();
              if ((autojoin || restrict) && effectiveDomain == null) {
                throw InvalidInputException.of(
                    "domain", "is required when autojoin_by_domain or restrict_to_domain is true");
              }
              if (r.maxUsers() != null) {
                long members = orgs.memberCount(h, orgId);
                if (r.maxUsers() < members) {
                  throw InvalidInputException.of(
                      "max_users",
                      "must be at least the current number of members (" + members + ")");
                }
              }
              orgs.update(h, orgId, set);
              audit.record(
                  h,
                  actor,
                  "org.updated",
                  "org",
                  orgId,
                  Map.of("fields", List.copyOf(set.keySet())));
              return true;
            }));
  }

  public boolean setCanSetupSaml(String orgId, boolean allowed, Actor actor) {
    return changedOrg(
        orgId,
        null,
        db.inTransaction(
            h -> {
              if (!orgs.update(h, orgId, Map.of("can_setup_saml", allowed))) {
                return false;
              }
              audit.record(
                  h,
                  actor,
                  allowed ? "org.saml_allowed" : "org.saml_disallowed",
                  "org",
                  orgId,
                  Map.of());
              return true;
            }));
  }

  public boolean delete(String orgId, Actor actor) {
    return changedOrg(
        orgId,
        null,
        db.inTransaction(
            h -> {
              if (!orgs.delete(h, orgId)) {
                return false;
              }
              audit.record(h, actor, "org.deleted", "org", orgId, Map.of());
              return true;
            }));
  }

  // ---- members

  private List<String> checkRoles(FieldErrors errors, String role, List<String> additional) {
    if (role == null) {
      errors.add("role", "is required");
    } else if (!roles.exists(role)) {
      errors.add("role", "must be one of " + roles.names() + ", got '" + role + "'");
    }
    if (additional == null) {
      return List.of();
    }
    if (additional.size() > roles.names().size()) {
      errors.add("additional_roles", "lists more roles than exist");
      return List.of();
    }
    List<String> clean = new ArrayList<>();
    for (String extra : additional) {
      if (extra == null || !roles.exists(extra)) {
        errors.add(
            "additional_roles",
            "must only name roles among " + roles.names() + ", got '" + extra + "'");
      } else if (!extra.equals(role) && !clean.contains(extra)) {
        clean.add(extra);
      }
    }
    return clean;
  }

  /** Adds a user to an org; false when the user or the org does not exist. */
  public boolean addUser(Requests.Membership r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String userId = errors.uuid("user_id", r.userId(), true);
    String orgId = errors.uuid("org_id", r.orgId(), true);
    List<String> additional = checkRoles(errors, r.role(), r.additionalRoles());
    errors.throwIfAny();
    return changedOrg(
        orgId,
        userId,
        db.inTransaction(
            h -> {
              Optional<OrgRow> org = orgs.byIdForUpdate(h, orgId);
              Optional<UserRow> user = users.byId(h, userId);
              if (org.isEmpty() || user.isEmpty()) {
                return false;
              }
              if (orgs.membership(h, orgId, userId).isPresent()) {
                throw InvalidInputException.of(
                    "user_id", "The user is already a member of this organization");
              }
              checkDomainAllowed(org.get(), user.get().email(), "user_id");
              checkRoomForOne(h, org.get(), user.get().email(), "org_id");
              orgs.addMember(h, orgId, userId, r.role(), additional, now());
              orgs.deleteInvite(h, orgId, user.get().email());
              audit.record(
                  h,
                  actor,
                  "org.member_added",
                  "org",
                  orgId,
                  Map.of("user_id", userId, "role", r.role()));
              return true;
            }));
  }

  public boolean changeRole(Requests.Membership r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String userId = errors.uuid("user_id", r.userId(), true);
    String orgId = errors.uuid("org_id", r.orgId(), true);
    List<String> additional = checkRoles(errors, r.role(), r.additionalRoles());
    errors.throwIfAny();
    return changedOrg(
        orgId,
        userId,
        db.inTransaction(
            h -> {
              if (!orgs.changeRole(h, orgId, userId, r.role(), additional)) {
                return false;
              }
              audit.record(
                  h,
                  actor,
                  "org.member_role_changed",
                  "org",
                  orgId,
                  Map.of("user_id", userId, "role", r.role()));
              return true;
            }));
  }

  public boolean removeUser(Requests.RemoveMember r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String userId = errors.uuid("user_id", r.userId(), true);
    String orgId = errors.uuid("org_id", r.orgId(), true);
    errors.throwIfAny();
    return changedOrg(
        orgId,
        userId,
        db.inTransaction(
            h -> {
              if (!orgs.removeMember(h, orgId, userId)) {
                return false;
              }
              audit.record(h, actor, "org.member_removed", "org", orgId, Map.of("user_id", userId));
              return true;
            }));
  }

  /** Refuses an address outside the org's domains when the org restricts members to them. */
  private static void checkDomainAllowed(OrgRow org, String email, String field) {
    if (!org.domainRestrict()) {
      return;
    }
    String domain = email.substring(email.indexOf('@') + 1);
    boolean allowed =
        domain.equals(org.domain()) || JsonText.readStrings(org.extraDomains()).contains(domain);
    if (!allowed) {
      throw InvalidInputException.of(
          field, "This organization only accepts members with an email address at " + org.domain());
    }
  }

  /** Refuses one more member (or invitation) when the org is at {@code max_users}. */
  private void checkRoomForOne(Handle h, OrgRow org, String email, String field) {
    if (org.maxUsers() == null) {
      return;
    }
    long taken = orgs.memberCount(h, org.id()) + orgs.pendingInviteCount(h, org.id(), email, now());
    if (taken >= org.maxUsers()) {
      throw InvalidInputException.of(
          field, "The organization has reached its maximum of " + org.maxUsers() + " users");
    }
  }

  /**
   * Joins a user with a confirmed address to every org that auto-joins its domain, as the lowest
   * role, where the org has room. Runs in the caller's transaction.
   */
  void autojoin(Handle h, UserRow user, Actor actor) {
    if (!user.emailConfirmed()) {
      return;
    }
    String domain = user.email().substring(user.email().indexOf('@') + 1);
    for (OrgRow org : orgs.autojoinFor(h, domain)) {
      if (orgs.membership(h, org.id(), user.id()).isPresent()) {
        continue;
      }
      if (org.maxUsers() != null && orgs.memberCount(h, org.id()) >= org.maxUsers()) {
        continue;
      }
      orgs.addMember(h, org.id(), user.id(), roles.lowest(), List.of(), now());
      audit.record(
          h, actor, "org.member_autojoined", "org", org.id(), Map.of("user_id", user.id()));
    }
  }

  // ---- invitations

  public boolean invite(Requests.Invite r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String orgId = errors.uuid("org_id", r.orgId(), true);
    String email = errors.email("email", r.email(), true);
    List<String> additional = checkRoles(errors, r.role(), r.additionalRoles());
    errors.throwIfAny();
    return sendInvite(orgId, email, r.role(), additional, actor, "email");
  }

  public boolean inviteById(Requests.InviteById r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String orgId = errors.uuid("org_id", r.orgId(), true);
    String userId = errors.uuid("user_id", r.userId(), true);
    List<String> additional = checkRoles(errors, r.role(), r.additionalRoles());
    errors.throwIfAny();
    Optional<UserRow> user = db.withHandle(h -> users.byId(h, userId));
    return user.isPresent()
        && sendInvite(orgId, user.get().email(), r.role(), additional, actor, "user_id");
  }

  private boolean sendInvite(
      String orgId, String email, String role, List<String> additional, Actor actor, String field) {
    Secret token = Secret.of(RandomTokens.base62(32));
    Optional<Mail> mail =
        db.inTransaction(
            h -> {
              Optional<OrgRow> found = orgs.byIdForUpdate(h, orgId);
              if (found.isEmpty()) {
                return Optional.empty();
              }
              OrgRow org = found.get();
              Optional<UserRow> existing = users.byEmail(h, email);
              if (existing.isPresent()
                  && orgs.membership(h, orgId, existing.get().id()).isPresent()) {
                throw InvalidInputException.of(
                    field, "The user is already a member of this organization");
              }
              checkDomainAllowed(org, email, field);
              checkRoomForOne(h, org, email, "org_id");
              long now = now();
              InviteRow invite =
                  new InviteRow(
                      Ids.newUuid(),
                      orgId,
                      org.name(),
                      email,
                      role,
                      additional,
                      actor.type().equals("user") ? actor.id() : null,
                      null,
                      now,
                      now + inviteTtl.toSeconds());
              orgs.putInvite(h, invite, keys.digest(token));
              audit.record(
                  h, actor, "org.invite_sent", "org", orgId, Map.of("email", email, "role", role));
              return Optional.of(
                  new Mail(
                      email,
                      "You are invited to join " + org.name(),
                      "You have been invited to join "
                          + org.name()
                          + " as "
                          + role
                          + ".\n\n"
                          + "Accept the invitation: "
                          + publicBase
                          + "/api/v1/invitations/accept?token="
                          + token.reveal()
                          + "\n\n"
                          + "The link expires in "
                          + inviteTtl.toHours()
                          + " hours. If you did not expect it, ignore this message.\n"));
            });
    mail.ifPresent(mailer::send);
    return mail.isPresent();
  }

  public InvitesPage pendingInvites(String orgId, PageRequest page) {
    Page<InviteRow> result = db.withHandle(h -> orgs.pendingInvites(h, orgId, now(), page));
    List<PendingInvite> invites =
        result.items().stream()
            .map(
                i ->
                    new PendingInvite(
                        i.email(),
                        i.orgId(),
                        i.orgName(),
                        i.role(),
                        i.additionalRoles(),
                        i.createdAt(),
                        i.expiresAt(),
                        i.inviterEmail(),
                        i.inviterUserId()))
            .toList();
    return new InvitesPage(
        invites, result.total(), page.pageNumber(), page.pageSize(), result.hasMore());
  }

  public boolean revokeInvite(Requests.RevokeInvite r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String orgId = errors.uuid("org_id", r.orgId(), true);
    String email = errors.email("invitee_email", r.inviteeEmail(), true);
    errors.throwIfAny();
    return db.inTransaction(
        h -> {
          if (!orgs.deleteInvite(h, orgId, email)) {
            return false;
          }
          audit.record(h, actor, "org.invite_revoked", "org", orgId, Map.of("email", email));
          return true;
        });
  }

  /** The outcome of following an invitation link. */
  public record Accepted(String orgName, String userId, boolean userCreated) {}

  /**
   * Accepts the invitation behind {@code token}: following the link proves the address, so an
   * unknown address becomes a new user with a confirmed email (and no password yet).
   */
  public Optional<Accepted> acceptInvite(Secret token) {
    Optional<Accepted> accepted =
        db.inTransaction(
            h -> {
              Optional<InviteRow> found = orgs.inviteByDigest(h, keys.digest(token));
              if (found.isEmpty() || found.get().expiresAt() <= now()) {
                return Optional.empty();
              }
              InviteRow invite = found.get();
              OrgRow org = orgs.byIdForUpdate(h, invite.orgId()).orElseThrow();
              Optional<UserRow> existing = users.byEmail(h, invite.email());
              boolean created = existing.isEmpty();
              UserRow user =
                  existing.orElseGet(
                      () -> {
                        long now = now();
                        UserRow u =
                            new UserRow(
                                Ids.newUuid(),
                                invite.email(),
                                true,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                false,
                                true,
                                false,
                                false,
                                null,
                                null,
                                null,
                                now,
                                now,
                                0);
                        users.insert(h, u);
                        return u;
                      });
              Actor actor = new Actor("user", user.id());
              if (created) {
                audit.record(
                    h, actor, "user.created", "user", user.id(), Map.of("via", "invitation"));
              } else if (!user.emailConfirmed()) {
                users.update(h, user.id(), Map.of("email_confirmed", true));
              }
              if (orgs.membership(h, org.id(), user.id()).isEmpty()) {
                orgs.addMember(
                    h, org.id(), user.id(), invite.role(), invite.additionalRoles(), now());
              }
              orgs.deleteInvite(h, org.id(), invite.email());
              audit.record(
                  h, actor, "org.invite_accepted", "org", org.id(), Map.of("user_id", user.id()));
              return Optional.of(new Accepted(org.name(), user.id(), created));
            });
    accepted.ifPresent(a -> changes.user(a.userId()));
    return accepted;
  }

  /** After a committed change: caches of the org (and of the member, if any) must forget them. */
  private boolean changedOrg(String orgId, String userId, boolean found) {
    if (found) {
      changes.org(orgId);
      if (userId != null) {
        changes.user(userId);
      }
    }
    return found;
  }

  private static void putIfPresent(Map<String, Object> set, String column, Object value) {
    if (value != null) {
      set.put(column, value);
    }
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
