package dev.latchkey.client.internal;

import dev.latchkey.client.ApiKeyValidation;
import dev.latchkey.client.LatchkeyApiKeys;
import dev.latchkey.client.LatchkeyException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;

/**
 * What every API-key route guard does, whatever the framework: validate the key in the configured
 * header, check its kind (and for an org route, its organization), and say which status to answer
 * with. Not API. Immutable and thread-safe.
 *
 * <p>The server is told whose key it is checking: {@link LatchkeyApiKeys#clientAddress} of the
 * request, so that it counts failures per client rather than per application.
 *
 * <p>The order: 401 for a missing or invalid key comes first, then 429 and 503 from the server;
 * only for a valid key is its kind checked (403), and only then is the request's org id asked for
 * (403 when it is missing or not the key's organization).
 */
public final class ApiKeyCheck implements Guard {
  /** The request attribute that holds the {@link ApiKeyValidation}. */
  public static final String API_KEY_ATTRIBUTE = "dev.latchkey.client.ApiKeyValidation";

  private static final System.Logger LOG = System.getLogger(LatchkeyApiKeys.class.getName());

  private enum Mode {
    ANY,
    PERSONAL,
    ORG
  }

  private final LatchkeyApiKeys apiKeys;
  private final Mode mode;
  private final boolean requestOrg;

  private ApiKeyCheck(LatchkeyApiKeys apiKeys, Mode mode, boolean requestOrg) {
    this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
    this.mode = mode;
    this.requestOrg = requestOrg;
  }

  /** Admits a valid key of any kind. */
  public static ApiKeyCheck any(LatchkeyApiKeys apiKeys) {
    return new ApiKeyCheck(apiKeys, Mode.ANY, false);
  }

  /** Admits a valid personal key: a user and no organization. */
  public static ApiKeyCheck personal(LatchkeyApiKeys apiKeys) {
    return new ApiKeyCheck(apiKeys, Mode.PERSONAL, false);
  }

  /**
   * Admits a valid org key; with {@code requestOrg}, only one of the organization the request
   * names.
   */
  public static ApiKeyCheck org(LatchkeyApiKeys apiKeys, boolean requestOrg) {
    return new ApiKeyCheck(apiKeys, Mode.ORG, requestOrg);
  }

  @Override
  public Verdict check(Request request) {
    ApiKeyValidation key;
    try {
      key =
          apiKeys.validateHeader(
              request.onlyHeader(apiKeys.header()), apiKeys.clientAddress(request));
    } catch (LatchkeyException e) {
      return refused(e);
    }
    if (mode == Mode.PERSONAL && !key.isPersonal()) {
      return forbidden("the API key is not a personal key");
    }
    if (mode == Mode.ORG) {
      if (!key.isOrg()) {
        return forbidden("the API key is not an org key");
      }
      if (requestOrg) {
        String id = request.orgId();
        if (id == null || id.isEmpty()) {
          return forbidden("the request names no org id");
        }
        if (!id.equalsIgnoreCase(key.org().orElseThrow().orgId())) {
          return forbidden("the org API key belongs to another organization");
        }
      }
    }
    return Verdict.allow(Map.of(API_KEY_ATTRIBUTE, key));
  }

  private static Verdict forbidden(String why) {
    LOG.log(Level.DEBUG, "Latchkey: 403: {0}", why);
    return Verdict.refuse(403, Map.of());
  }

  private Verdict refused(LatchkeyException e) {
    int status = e.status() == 401 || e.status() == 429 ? e.status() : 503;
    LOG.log(
        status == 503 ? Level.WARNING : Level.DEBUG, "Latchkey: {0}: {1}", status, e.getMessage());
    if (status == 401) {
      return Verdict.refuse(
          401,
          Map.of(
              "WWW-Authenticate",
              apiKeys.bearer() ? "Bearer" : "ApiKey header=\"" + apiKeys.header() + "\""));
    }
    if (status == 429 && e.waitSeconds().isPresent()) {
      return Verdict.refuse(
          429, Map.of("Retry-After", Long.toString(Math.max(1, e.waitSeconds().getAsLong()))));
    }
    return Verdict.refuse(status, Map.of());
  }
}
