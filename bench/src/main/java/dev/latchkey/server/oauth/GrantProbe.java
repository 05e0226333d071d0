package dev.latchkey.server.oauth;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.token.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Benchmark-only bridge (bench module, not shipped): the server's own client-credentials grant,
 * {@link OAuthTokens#authenticate}'s keyed digest of the secret and {@link OAuthTokens#grant}, for
 * an app held in memory. It lives in the server's package because those classes are
 * package-private; the database, app store and client cache are not used by {@code grant}.
 */
public final class GrantProbe {
  private final OAuthTokens tokens;
  private final ClientRecord client;
  private final ServerKeys keys;
  private final Secret secret;

  public GrantProbe(
      SigningKeys signingKeys, ServerKeys keys, AuditLog audit, Clock clock, String issuer) {
    this.keys = keys;
    this.tokens =
        new OAuthTokens(
            null, null, null, keys, signingKeys, audit, clock, issuer, Duration.ofHours(1));
    this.secret = Secret.of("lkcs_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG");
    long now = clock.instant().getEpochSecond();
    AppRow app =
        new AppRow(
            "bench-app",
            "bench app",
            "00000000-0000-4000-8000-000000000001",
            null,
            List.of("http://localhost:8080/authorization-code/callback"),
            AppInput.DEFAULT_GRANT_TYPES,
            null,
            null,
            now,
            now);
    this.client = new ClientRecord(app, keys.digest(secret), null, true);
  }

  /** What the server does for one grant once the app is cached: digest the secret, sign. */
  public String grant() {
    String digest = keys.digest(secret);
    if (!digest.equals(client.secretDigest())) {
      throw new IllegalStateException("digest mismatch");
    }
    return tokens.grant(client, null, null).accessToken();
  }
}
