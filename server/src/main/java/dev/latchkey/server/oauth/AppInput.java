package dev.latchkey.server.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.common.FieldErrors;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bodies of create and update, validated field by field so that one 400 names every wrong
 * field. Bodies are read as JSON trees because update must tell an absent {@code scopes} (keep)
 * from an explicit {@code null} (any scope).
 */
final class AppInput {
  static final String DEFAULT_REDIRECT_URI = "http://localhost:8080/authorization-code/callback";
  static final String CLIENT_CREDENTIALS = "client_credentials";
  static final String AUTHORIZATION_CODE = "authorization_code";
  static final List<String> DEFAULT_GRANT_TYPES = List.of(CLIENT_CREDENTIALS, AUTHORIZATION_CODE);
  static final int MAX_NAME = 100;
  static final int MAX_REDIRECT_URIS = 10;
  static final int MAX_URI = 2048;
  static final int MAX_SCOPES = 50;
  static final int MAX_SCOPE = 100;
  static final long MAX_GRACE_SECONDS = 30L * 24 * 3600;

  private static final Set<String> CREATE_FIELDS =
      Set.of("name", "redirect_uris", "scopes", "grant_types", "user_id", "org_id");
  private static final Set<String> UPDATE_FIELDS =
      Set.of("client_name", "redirect_uris", "scopes", "grant_types");

  private AppInput() {}

  record Create(
      String name,
      List<String> redirectUris,
      List<String> scopes,
      List<String> grantTypes,
      String userId,
      String orgId) {}

  /** Absent fields are null; {@code scopesGiven} says whether {@code scopes} was in the body. */
  record Update(
      String clientName,
      List<String> redirectUris,
      boolean scopesGiven,
      List<String> scopes,
      List<String> grantTypes) {}

  static Create create(JsonNode body) {
    FieldErrors errors = new FieldErrors();
    checkObject(body, CREATE_FIELDS, errors);
    String name = text(body, "name", true, MAX_NAME, errors);
    if (name != null && ClientIds.normalize(name).isEmpty()) {
      errors.add(
          "name",
          "must contain at least one ASCII letter or digit (a-z, A-Z, 0-9): the client id is made"
              + " of them");
    }
    List<String> redirects = redirectUris(body, errors);
    List<String> scopes = scopes(body, errors);
    List<String> grants = grantTypes(body, errors);
    String userId = errors.uuid("user_id", text(body, "user_id", false, 100, errors), false);
    String orgId = errors.uuid("org_id", text(body, "org_id", false, 100, errors), false);
    if (userId != null && orgId != null) {
      errors.add("org_id", "cannot be given together with user_id");
    }
    errors.throwIfAny();
    return new Create(
        name,
        redirects == null ? List.of(DEFAULT_REDIRECT_URI) : redirects,
        scopes,
        grants == null ? DEFAULT_GRANT_TYPES : grants,
        userId,
        orgId);
  }

  static Update update(JsonNode body) {
    FieldErrors errors = new FieldErrors();
    checkObject(body, UPDATE_FIELDS, errors);
    String name = text(body, "client_name", false, MAX_NAME, errors);
    List<String> redirects = redirectUris(body, errors);
    boolean scopesGiven = body.has("scopes");
    List<String> scopes = scopes(body, errors);
    List<String> grants = grantTypes(body, errors);
    errors.throwIfAny();
    return new Update(name, redirects, scopesGiven, scopes, grants);
  }

  /**
   * {@code grace_period_seconds} of a rotation: 0 (default, the old secret stops at once) up to 30
   * days.
   */
  static long gracePeriod(JsonNode body) {
    FieldErrors errors = new FieldErrors();
    checkObject(body, Set.of("grace_period_seconds"), errors);
    JsonNode v = body.get("grace_period_seconds");
    long grace = 0;
    if (v != null && !v.isNull()) {
      if (!v.isIntegralNumber()) {
        errors.add("grace_period_seconds", "must be an integer");
      } else {
        grace = v.asLong();
        errors.range("grace_period_seconds", grace, 0, MAX_GRACE_SECONDS);
      }
    }
    errors.throwIfAny();
    return grace;
  }

  private static void checkObject(JsonNode body, Set<String> known, FieldErrors errors) {
    if (!body.isObject()) {
      errors.add("body", "must be a JSON object");
      errors.throwIfAny();
    }
    Iterator<String> names = body.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        errors.add(n.length() > 64 ? n.substring(0, 64) : n, "is not a known field");
      }
    }
  }

  private static String text(
      JsonNode body, String field, boolean required, int max, FieldErrors errors) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return errors.text(field, null, required, max);
    }
    if (!v.isTextual()) {
      errors.add(field, "must be a string");
      return null;
    }
    return errors.text(field, v.asText(), required, max);
  }

  private static List<String> strings(
      JsonNode body, String field, int maxItems, FieldErrors errors) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      errors.add(field, "must be an array of strings");
      return null;
    }
    if (v.size() > maxItems) {
      errors.add(field, "must have at most " + maxItems + " entries, got " + v.size());
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        errors.add(field, "must be an array of strings");
        return null;
      }
      out.add(item.asText());
    }
    return out;
  }

  private static List<String> redirectUris(JsonNode body, FieldErrors errors) {
    List<String> raw = strings(body, "redirect_uris", MAX_REDIRECT_URIS, errors);
    if (raw == null) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String uri : raw) {
      if (!isRedirectUri(uri)) {
        errors.add(
            "redirect_uris",
            "each must be an absolute URI of at most "
                + MAX_URI
                + " characters without a fragment (http and https with a host; not javascript:,"
                + " data: or vbscript:), such as "
                + DEFAULT_REDIRECT_URI);
        return null;
      }
      out.add(uri);
    }
    return List.copyOf(out);
  }

  /** Schemes that run or embed content where a redirect would land: never a redirect URI. */
  private static final Set<String> SCRIPT_SCHEMES = Set.of("javascript", "data", "vbscript");

  /**
   * An absolute URI without a fragment (RFC 6749 §3.1.2); custom schemes serve native apps (RFC
   * 8252), but not the script schemes, and http(s) needs a host.
   */
  private static boolean isRedirectUri(String uri) {
    if (uri.isEmpty() || uri.length() > MAX_URI || !uri.strip().equals(uri)) {
      return false;
    }
    try {
      URI u = new URI(uri);
      if (!u.isAbsolute() || u.getFragment() != null || u.getRawSchemeSpecificPart() == null) {
        return false;
      }
      String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (SCRIPT_SCHEMES.contains(scheme)) {
        return false;
      }
      return !(scheme.equals("http") || scheme.equals("https")) || u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static List<String> scopes(JsonNode body, FieldErrors errors) {
    List<String> raw = strings(body, "scopes", MAX_SCOPES, errors);
    if (raw == null) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : raw) {
      if (!Scopes.isScopeToken(s)) {
        errors.add(
            "scopes",
            "each must be 1 to "
                + MAX_SCOPE
                + " printable ASCII characters without spaces, quotes or backslashes");
        return null;
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  private static List<String> grantTypes(JsonNode body, FieldErrors errors) {
    List<String> raw = strings(body, "grant_types", 2, errors);
    if (raw == null) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String g : raw) {
      if (!g.equals(CLIENT_CREDENTIALS) && !g.equals(AUTHORIZATION_CODE)) {
        errors.add("grant_types", "each must be client_credentials or authorization_code");
        return null;
      }
      out.add(g);
    }
    if (out.isEmpty()) {
      errors.add("grant_types", "must name at least one grant type");
      return null;
    }
    return List.copyOf(out);
  }
}
