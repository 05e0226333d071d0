package dev.latchkey.server.oauth;

import dev.latchkey.server.app.Http;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.token.SigningKeys;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** OAuth client-credentials applications, wired: app management, the token endpoints, discovery. */
public final class OAuthFeature {
  /** What the feature needs to know of the server's configuration. */
  public record Settings(
      String issuer, String publicBase, URI publicUrl, Duration tokenLifetime, int cacheSize) {}

  private final AppHandlers appHandlers;
  private final OAuthHandlers oauthHandlers;

  public OAuthFeature(
      Database db,
      ServerKeys keys,
      SigningKeys signingKeys,
      AuditLog audit,
      UserService users,
      Changes changes,
      Clock clock,
      Http http,
      Function<Secret, Optional<String>> managementKeyId,
      Settings settings) {
    AppStore store = new AppStore();
    ClientCache cache = new ClientCache(db, store, changes, settings.cacheSize());
    Apps apps =
        new Apps(db, store, keys, audit, users, cache, clock, endpoint(settings.publicUrl()));
    OAuthTokens tokens =
        new OAuthTokens(
            db,
            store,
            cache,
            keys,
            signingKeys,
            audit,
            clock,
            settings.issuer(),
            settings.tokenLifetime());
    this.appHandlers = new AppHandlers(apps, http);
    this.oauthHandlers =
        new OAuthHandlers(tokens, managementKeyId, settings.issuer(), settings.publicBase());
  }

  /**
   * The endpoint in Union's encoded credentials: the public URL's host, with the port when it is
   * not the scheme's default (no scheme: Union's clients add it).
   */
  static String endpoint(URI publicUrl) {
    int port = publicUrl.getPort();
    boolean defaultPort =
        port == -1
            || ("http".equals(publicUrl.getScheme()) && port == 80)
            || ("https".equals(publicUrl.getScheme()) && port == 443);
    return publicUrl.getHost() + (defaultPort ? "" : ":" + port);
  }

  public AppHandlers apps() {
    return appHandlers;
  }

  public OAuthHandlers oauth() {
    return oauthHandlers;
  }
}
