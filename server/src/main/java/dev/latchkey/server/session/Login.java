package dev.latchkey.server.session;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.Identity;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.token.AccessTokens;
import java.time.Clock;
import java.util.List;

/** The login feature, wired: sessions, password login and MFA, magic links. */
public final class Login {
  private final LoginService service;
  private final MagicLinks magicLinks;

  public Login(
      Database db,
      ServerKeys keys,
      AuditLog audit,
      Identity identity,
      AccessTokens tokens,
      Clock clock,
      LoginService.Settings settings,
      String publicBase,
      List<String> allowedRedirectOrigins) {
    Sessions sessions =
        new Sessions(db, keys, audit, identity.credentials(), clock, settings.sessionLifetime());
    this.service =
        new LoginService(
            identity.credentials(), identity.users(), sessions, tokens, keys, clock, settings);
    this.magicLinks =
        new MagicLinks(
            db, keys, audit, identity.credentials(), clock, publicBase, allowedRedirectOrigins);
  }

  public LoginService service() {
    return service;
  }

  MagicLinks magicLinks() {
    return magicLinks;
  }
}
