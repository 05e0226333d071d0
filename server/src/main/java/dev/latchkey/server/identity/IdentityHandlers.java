package dev.latchkey.server.identity;

import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.common.Secret;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * HTTP handlers of the PropelAuth-compatible backend API for users and orgs. Each parses the
 * request, calls a service and writes the answer; the paths live in {@code app.Routes}. A "not
 * found" on a mutation is a 404, which the clients turn into {@code false}.
 */
public final class IdentityHandlers {
  private final UserService users;
  private final OrgService orgs;
  private final Roles roles;
  private final Http http;

  /** What follows a confirmed address: the login feature signs the user in (a session cookie). */
  @FunctionalInterface
  public interface AfterConfirmation {
    void signIn(Context ctx, String userId);
  }

  private final AfterConfirmation afterConfirmation;

  public IdentityHandlers(Identity identity, Http http, AfterConfirmation afterConfirmation) {
    this.afterConfirmation = afterConfirmation;
    this.users = identity.users();
    this.orgs = identity.orgs();
    this.roles = identity.roles();
    this.http = http;
  }

  private static String userId(Context ctx) {
    return Http.pathUuid(ctx, "user_id", "user_id");
  }

  private static String orgId(Context ctx) {
    return Http.pathUuid(ctx, "org_id", "org_id");
  }

  private static void found(Context ctx, boolean found, String what) {
    if (!found) {
      throw new NotFoundException(what + " not found");
    }
    Http.ok(ctx);
  }

  private static void json(Context ctx, Optional<?> value, String what) {
    ctx.json(value.orElseThrow(() -> new NotFoundException(what + " not found")));
  }

  // ---- user reads

  public void fetchUser(Context ctx) {
    json(ctx, users.byId(userId(ctx), Http.queryBool(ctx, "include_orgs")), "User");
  }

  public void fetchUserByEmail(Context ctx) {
    json(ctx, users.byEmail(Http.query(ctx, "email"), Http.queryBool(ctx, "include_orgs")), "User");
  }

  public void fetchUserByUsername(Context ctx) {
    json(
        ctx,
        users.byUsername(Http.query(ctx, "username"), Http.queryBool(ctx, "include_orgs")),
        "User");
  }

  public void batchByIds(Context ctx) {
    ctx.json(
        users.batchByIds(
            http.body(ctx, Requests.UserIds.class).userIds(), Http.queryBool(ctx, "include_orgs")));
  }

  public void batchByEmails(Context ctx) {
    ctx.json(
        users.batchByEmails(
            http.body(ctx, Requests.Emails.class).emails(), Http.queryBool(ctx, "include_orgs")));
  }

  public void batchByUsernames(Context ctx) {
    ctx.json(
        users.batchByUsernames(
            http.body(ctx, Requests.Usernames.class).usernames(),
            Http.queryBool(ctx, "include_orgs")));
  }

  public void queryUsers(Context ctx) {
    ctx.json(
        users.query(
            Http.queryLong(ctx, "page_size"),
            Http.queryLong(ctx, "page_number"),
            Http.query(ctx, "order_by"),
            ctx.queryParam("email_or_username"),
            Http.query(ctx, "legacy_user_id"),
            Http.queryBool(ctx, "include_orgs")));
  }

  public void usersInOrg(Context ctx) {
    ctx.json(
        users.inOrg(
            orgId(ctx),
            Http.queryLong(ctx, "page_size"),
            Http.queryLong(ctx, "page_number"),
            Http.query(ctx, "role"),
            Http.queryBool(ctx, "include_orgs")));
  }

  // ---- user changes

  public void createUser(Context ctx) {
    ctx.json(
        new Views.UserIdResponse(
            users.create(http.body(ctx, Requests.CreateUser.class), Http.actor(ctx))));
  }

  public void migrateUser(Context ctx) {
    ctx.json(
        new Views.UserIdResponse(
            users.migrate(http.body(ctx, Requests.MigrateUser.class), Http.actor(ctx))));
  }

  public void migratePassword(Context ctx) {
    found(
        ctx,
        users.migratePassword(http.body(ctx, Requests.MigratePassword.class), Http.actor(ctx)),
        "User");
  }

  public void updateEmail(Context ctx) {
    String id = userId(ctx);
    found(
        ctx,
        users.updateEmail(id, http.body(ctx, Requests.UpdateEmail.class), Http.actor(ctx)),
        "User");
  }

  public void updateMetadata(Context ctx) {
    String id = userId(ctx);
    found(
        ctx,
        users.updateMetadata(id, http.body(ctx, Requests.UpdateMetadata.class), Http.actor(ctx)),
        "User");
  }

  public void updatePassword(Context ctx) {
    String id = userId(ctx);
    found(
        ctx,
        users.updatePassword(id, http.body(ctx, Requests.UpdatePassword.class), Http.actor(ctx)),
        "User");
  }

  public void clearPassword(Context ctx) {
    found(ctx, users.clearPassword(userId(ctx), Http.actor(ctx)), "User");
  }

  public void deleteUser(Context ctx) {
    found(ctx, users.delete(userId(ctx), Http.actor(ctx)), "User");
  }

  public void disableUser(Context ctx) {
    found(ctx, users.setEnabled(userId(ctx), false, Http.actor(ctx)), "User");
  }

  public void enableUser(Context ctx) {
    found(ctx, users.setEnabled(userId(ctx), true, Http.actor(ctx)), "User");
  }

  public void enableCanCreateOrgs(Context ctx) {
    found(ctx, users.setCanCreateOrgs(userId(ctx), true, Http.actor(ctx)), "User");
  }

  public void disableCanCreateOrgs(Context ctx) {
    found(ctx, users.setCanCreateOrgs(userId(ctx), false, Http.actor(ctx)), "User");
  }

  public void disableMfa(Context ctx) {
    found(ctx, users.disableMfa(userId(ctx), Http.actor(ctx)), "User");
  }

  public void logoutAllSessions(Context ctx) {
    found(ctx, users.logoutAllSessions(userId(ctx), Http.actor(ctx)), "User");
  }

  public void resendConfirmation(Context ctx) {
    Requests.ResendConfirmation r = http.body(ctx, Requests.ResendConfirmation.class);
    FieldErrors errors = new FieldErrors();
    String id = errors.uuid("user_id", r.userId(), true);
    errors.throwIfAny();
    users.resendConfirmation(id, Http.actor(ctx));
    Http.ok(ctx);
  }

  // ---- orgs

  public void fetchOrg(Context ctx) {
    json(ctx, orgs.fetch(orgId(ctx)), "Organization");
  }

  public void queryOrgsByBody(Context ctx) {
    ctx.json(orgs.query(http.body(ctx, Requests.OrgQuery.class)));
  }

  public void queryOrgsByParams(Context ctx) {
    ctx.json(
        orgs.query(
            new Requests.OrgQuery(
                Http.queryLong(ctx, "page_size"),
                Http.queryLong(ctx, "page_number"),
                Http.query(ctx, "order_by"),
                Http.query(ctx, "name"),
                Http.query(ctx, "legacy_org_id"),
                Http.query(ctx, "domain"))));
  }

  public void createOrg(Context ctx) {
    ctx.json(orgs.create(http.body(ctx, Requests.CreateOrg.class), Http.actor(ctx)));
  }

  public void updateOrg(Context ctx) {
    String id = orgId(ctx);
    found(
        ctx,
        orgs.update(id, http.body(ctx, Requests.UpdateOrg.class), Http.actor(ctx)),
        "Organization");
  }

  public void deleteOrg(Context ctx) {
    found(ctx, orgs.delete(orgId(ctx), Http.actor(ctx)), "Organization");
  }

  public void allowSaml(Context ctx) {
    found(ctx, orgs.setCanSetupSaml(orgId(ctx), true, Http.actor(ctx)), "Organization");
  }

  public void disallowSaml(Context ctx) {
    found(ctx, orgs.setCanSetupSaml(orgId(ctx), false, Http.actor(ctx)), "Organization");
  }

  public void addUserToOrg(Context ctx) {
    found(
        ctx,
        orgs.addUser(http.body(ctx, Requests.Membership.class), Http.actor(ctx)),
        "User or organization");
  }

  public void changeRole(Context ctx) {
    found(
        ctx,
        orgs.changeRole(http.body(ctx, Requests.Membership.class), Http.actor(ctx)),
        "Membership");
  }

  public void removeUserFromOrg(Context ctx) {
    found(
        ctx,
        orgs.removeUser(http.body(ctx, Requests.RemoveMember.class), Http.actor(ctx)),
        "Membership");
  }

  public void inviteUser(Context ctx) {
    found(ctx, orgs.invite(http.body(ctx, Requests.Invite.class), Http.actor(ctx)), "Organization");
  }

  public void inviteUserById(Context ctx) {
    found(
        ctx,
        orgs.inviteById(http.body(ctx, Requests.InviteById.class), Http.actor(ctx)),
        "User or organization");
  }

  public void pendingInvites(Context ctx) {
    FieldErrors errors = new FieldErrors();
    String orgId = errors.uuid("org_id", Http.query(ctx, "org_id"), false);
    PageRequest page =
        PageRequest.of(
            Http.queryLong(ctx, "page_size"), Http.queryLong(ctx, "page_number"), errors);
    errors.throwIfAny();
    ctx.json(orgs.pendingInvites(orgId, page));
  }

  public void revokeInvite(Context ctx) {
    found(
        ctx,
        orgs.revokeInvite(http.body(ctx, Requests.RevokeInvite.class), Http.actor(ctx)),
        "Invitation");
  }

  record RoleView(
      String name, java.util.List<String> inheritedRoles, java.util.List<String> permissions) {}

  record RolesView(String orgRoleStructure, java.util.List<RoleView> roles) {}

  /** The configured hierarchy, highest role first, with what each role implies. */
  public void roles(Context ctx) {
    Roles r = roles;
    ctx.json(
        new RolesView(
            Roles.STRUCTURE,
            r.names().stream()
                .map(n -> new RoleView(n, r.atOrBelow(n), r.permissionsOf(n)))
                .toList()));
  }

  // ---- links followed from mail (public, HTML)

  public void emailConfirmationPage(Context ctx) {
    LinkPages.confirmForm(ctx, "Confirm your email address", "Confirm my email address");
  }

  public void confirmEmail(Context ctx) {
    Optional<UserService.Confirmed> confirmed = users.confirmEmail(LinkPages.token(ctx));
    if (confirmed.isPresent()) {
      LinkPages.result(
          ctx, 200, "Email confirmed", "Thank you: " + confirmed.get().email() + " is confirmed.");
      afterConfirmation.signIn(ctx, confirmed.get().userId());
    } else {
      LinkPages.result(
          ctx,
          400,
          "Link not valid",
          "This confirmation link is invalid, already used or expired. Ask for a new one.");
    }
  }

  public void invitationPage(Context ctx) {
    LinkPages.confirmForm(ctx, "Accept your invitation", "Accept the invitation");
  }

  public void acceptInvitation(Context ctx) {
    Secret token = LinkPages.token(ctx);
    Optional<OrgService.Accepted> accepted = orgs.acceptInvite(token);
    if (accepted.isPresent()) {
      LinkPages.result(
          ctx,
          200,
          "Invitation accepted",
          "You are now a member of " + accepted.get().orgName() + ".");
    } else {
      LinkPages.result(
          ctx,
          400,
          "Link not valid",
          "This invitation is invalid, already used or expired. Ask for a new one.");
    }
  }
}
