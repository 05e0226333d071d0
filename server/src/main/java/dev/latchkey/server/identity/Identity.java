package dev.latchkey.server.identity;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.mail.Mailer;
import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Duration;

/** The identity feature, wired: users and orgs over one database, role hierarchy and mailer. */
public final class Identity {
  private final UserService users;
  private final OrgService orgs;
  private final Roles roles;
  private final Credentials credentials;

  public Identity(
      Database db,
      Roles roles,
      AuditLog audit,
      Mailer mailer,
      ServerKeys keys,
      Clock clock,
      String publicBase,
      Duration inviteTtl,
      Duration confirmationTtl,
      Changes changes,
      MasterKeys sealer) {
    this.roles = roles;
    this.credentials = new Credentials(db, sealer, audit, clock, changes);
    UserStore userStore = new UserStore();
    OrgStore orgStore = new OrgStore(db.dialect());
    ViewMapper views = new ViewMapper(roles, orgStore);
    this.orgs =
        new OrgService(
            db,
            orgStore,
            userStore,
            views,
            roles,
            audit,
            mailer,
            keys,
            clock,
            publicBase,
            inviteTtl,
            changes);
    this.users =
        new UserService(
            db,
            userStore,
            orgStore,
            orgs,
            new EmailTokens(),
            views,
            audit,
            mailer,
            keys,
            clock,
            publicBase,
            confirmationTtl,
            changes,
            sealer);
  }

  public UserService users() {
    return users;
  }

  public OrgService orgs() {
    return orgs;
  }

  public Credentials credentials() {
    return credentials;
  }

  public Roles roles() {
    return roles;
  }
}
