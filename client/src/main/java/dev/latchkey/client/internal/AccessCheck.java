package dev.latchkey.client.internal;

import dev.latchkey.client.LatchkeyAuth;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.OrgMemberInfo;
import dev.latchkey.client.OrgRequirement;
import dev.latchkey.client.RequiredOrg;
import dev.latchkey.client.User;
import java.lang.System.Logger.Level;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * What every route guard does, whatever the framework: validate the {@code Authorization} header,
 * find the required organization, and say which status to answer with. Not API. Immutable and
 * thread-safe.
 *
 * <p>The order is PropelAuth's: 401 for a missing or invalid token comes before anything about the
 * organization; only then is the org id asked for, and a missing one is a 403. A failure to fetch
 * the verification keys is a 503, except for an optional-user route called without a header.
 */
public final class AccessCheck implements Guard {
  /** The request attribute that holds the {@link User}. */
  public static final String USER_ATTRIBUTE = "dev.latchkey.client.User";

  /** The request attribute that holds the {@link OrgMemberInfo} of the required organization. */
  public static final String ORG_ATTRIBUTE = "dev.latchkey.client.OrgMemberInfo";

  private static final System.Logger LOG = System.getLogger(LatchkeyAuth.class.getName());

  private enum Mode {
    REQUIRE_USER,
    OPTIONAL_USER,
    REQUIRE_ORG
  }

  private final LatchkeyAuth auth;
  private final Mode mode;
  private final OrgRequirement requirement;

  private AccessCheck(LatchkeyAuth auth, Mode mode, OrgRequirement requirement) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.mode = mode;
    this.requirement = requirement;
  }

  /** Admits a valid token only. */
  public static AccessCheck requireUser(LatchkeyAuth auth) {
    return new AccessCheck(auth, Mode.REQUIRE_USER, null);
  }

  /** Admits everyone; without a valid token as {@link User#anonymous()}. */
  public static AccessCheck optionalUser(LatchkeyAuth auth) {
    return new AccessCheck(auth, Mode.OPTIONAL_USER, null);
  }

  /** Admits a valid token whose user meets {@code requirement} in the request's org. */
  public static AccessCheck requireOrg(LatchkeyAuth auth, OrgRequirement requirement) {
    return new AccessCheck(
        auth, Mode.REQUIRE_ORG, Objects.requireNonNull(requirement, "requirement"));
  }

  /**
   * The outcome of one request: {@code status} 0 lets it through with {@code user} (and {@code org}
   * for org routes); any other status is what to answer, with an empty body.
   */
  public record Outcome(int status, User user, OrgMemberInfo org) {
    /** Whether the request may go on. */
    public boolean allowed() {
      return status == 0;
    }
  }

  /**
   * The {@link Guard} form of {@link #check(String, Supplier)}: a 401 carries {@code
   * WWW-Authenticate: Bearer}, and an admitted request the user and org attributes.
   */
  @Override
  public Verdict check(Request request) {
    Outcome outcome = check(request.onlyHeader("Authorization"), request::orgId);
    if (!outcome.allowed()) {
      return Verdict.refuse(
          outcome.status(),
          outcome.status() == 401 ? Map.of("WWW-Authenticate", "Bearer") : Map.of());
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(USER_ATTRIBUTE, outcome.user());
    if (outcome.org() != null) {
      attributes.put(ORG_ATTRIBUTE, outcome.org());
    }
    return Verdict.allow(attributes);
  }

  /**
   * @param authorizationHeader the request's header; nullable
   * @param orgId the org id of the request; called only for an org route and only once the token is
   *     valid; may return null (a 403)
   */
  public Outcome check(String authorizationHeader, Supplier<String> orgId) {
    if (mode == Mode.OPTIONAL_USER && authorizationHeader == null) {
      return new Outcome(0, User.anonymous(), null);
    }
    User user;
    try {
      user = auth.validateAccessTokenAndGetUser(authorizationHeader);
    } catch (LatchkeyException e) {
      if (mode == Mode.OPTIONAL_USER && e.status() == 401) {
        LOG.log(Level.DEBUG, "Latchkey: anonymous caller: {0}", e.getMessage());
        return new Outcome(0, User.anonymous(), null);
      }
      return refused(e);
    }
    if (mode != Mode.REQUIRE_ORG) {
      return new Outcome(0, user, null);
    }
    String id = orgId.get();
    if (id == null || id.isEmpty()) {
      LOG.log(Level.DEBUG, "Latchkey: 403: the request names no org id");
      return new Outcome(403, null, null);
    }
    try {
      return new Outcome(0, user, requirement.check(user, RequiredOrg.byId(id)));
    } catch (LatchkeyException e) {
      return refused(e);
    }
  }

  /**
   * The one {@code Authorization} header of a request: null when there is none, and an invalid
   * (empty) value when there are several, because which of them a proxy or framework would use is
   * anyone's guess.
   */
  public static String onlyHeader(Enumeration<String> values) {
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    return values.hasMoreElements() ? "" : first;
  }

  /**
   * Every value of a request's header joined with {@code ", "} in order, as a list-valued header
   * reads; null when there is none.
   */
  public static String allHeaders(Enumeration<String> values) {
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    StringJoiner joined = new StringJoiner(", ");
    while (values.hasMoreElements()) {
      joined.add(values.nextElement());
    }
    return joined.toString();
  }

  private static Outcome refused(LatchkeyException e) {
    int status = e.status() == 401 || e.status() == 403 ? e.status() : 503;
    LOG.log(
        status == 503 ? Level.WARNING : Level.DEBUG, "Latchkey: {0}: {1}", status, e.getMessage());
    return new Outcome(status, null, null);
  }
}
