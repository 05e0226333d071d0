package dev.latchkey.client.servlet;

import dev.latchkey.client.ApiKeyValidation;
import dev.latchkey.client.OrgMemberInfo;
import dev.latchkey.client.User;
import dev.latchkey.client.VerifiedKeyPair;
import dev.latchkey.client.internal.AccessCheck;
import dev.latchkey.client.internal.ApiKeyCheck;
import dev.latchkey.client.internal.KeyPairCheck;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a servlet behind a {@link LatchkeyFilter} reads: the current user and organization, or the
 * current API key, and ways to find a request's org id. Static methods only; thread-safe.
 */
public final class LatchkeyServlet {
  private LatchkeyServlet() {}

  /**
   * The user a {@link LatchkeyFilter} let through ({@code current_user}): never null, and {@link
   * User#exists()} is false only behind {@link LatchkeyFilter#optionalUser}.
   *
   * @throws IllegalStateException if no Latchkey filter handled the request, which means the route
   *     is not protected as its code assumes
   */
  public static User currentUser(ServletRequest request) {
    Object user =
        Objects.requireNonNull(request, "request").getAttribute(AccessCheck.USER_ATTRIBUTE);
    if (!(user instanceof User u)) {
      throw new IllegalStateException(
          "no Latchkey filter handled this request: map a LatchkeyFilter to its URL");
    }
    return u;
  }

  /**
   * The user's membership in the request's organization ({@code current_org}): never null.
   *
   * @throws IllegalStateException if no organization filter ({@code requireOrgMember...}) handled
   *     the request
   */
  public static OrgMemberInfo currentOrg(ServletRequest request) {
    Object org = Objects.requireNonNull(request, "request").getAttribute(AccessCheck.ORG_ATTRIBUTE);
    if (!(org instanceof OrgMemberInfo o)) {
      throw new IllegalStateException(
          "no Latchkey organization filter handled this request: map a"
              + " LatchkeyFilter.requireOrgMember... filter to its URL");
    }
    return o;
  }

  /**
   * The issued API key an API-key {@link LatchkeyFilter} ({@code requireApiKey}, {@code
   * requirePersonalApiKey}, {@code requireOrgApiKey}) let through: never null.
   *
   * @throws IllegalStateException if no API-key filter handled the request
   */
  public static ApiKeyValidation currentApiKey(ServletRequest request) {
    Object key =
        Objects.requireNonNull(request, "request").getAttribute(ApiKeyCheck.API_KEY_ATTRIBUTE);
    if (!(key instanceof ApiKeyValidation k)) {
      throw new IllegalStateException(
          "no Latchkey API-key filter handled this request: map a LatchkeyFilter.require...ApiKey"
              + " filter to its URL");
    }
    return k;
  }

  /**
   * The keypair that signed a request a {@link LatchkeyFilter#requireSignedRequest} filter let
   * through, with its user, policy and rate window: never null.
   *
   * @throws IllegalStateException if no signed-request filter handled the request
   */
  public static VerifiedKeyPair currentKeyPair(ServletRequest request) {
    Object key =
        Objects.requireNonNull(request, "request").getAttribute(KeyPairCheck.KEY_PAIR_ATTRIBUTE);
    if (!(key instanceof VerifiedKeyPair k)) {
      throw new IllegalStateException(
          "no Latchkey signed-request filter handled this request: map a"
              + " LatchkeyFilter.requireSignedRequest filter to its URL");
    }
    return k;
  }

  /**
   * The org id from the request's path (within the web application: servlet path plus path info, as
   * decoded by the container), matched against a template whose segments are literals, {@code *}
   * for any one segment, and one {@code {name}} that captures the id. The template matches the
   * leading segments of the path: {@code /org/{org_id}} gives {@code 42} for {@code
   * /org/42/billing}. A path that does not match gives null (a 403).
   *
   * @throws IllegalArgumentException if the template does not start with {@code /} or has not
   *     exactly one {@code {name}} segment
   */
  public static Function<HttpServletRequest, String> orgIdFromPath(String template) {
    Objects.requireNonNull(template, "template");
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("template must start with /, got '" + template + "'");
    }
    List<String> parts = segments(template);
    int capture = -1;
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (part.startsWith("{") && part.endsWith("}") && part.length() > 2) {
        if (capture >= 0) {
          throw new IllegalArgumentException(
              "template must have exactly one {name} segment, got '" + template + "'");
        }
        capture = i;
      }
    }
    if (capture < 0) {
      throw new IllegalArgumentException(
          "template must have exactly one {name} segment, such as /org/{org_id}, got '"
              + template
              + "'");
    }
    int captured = capture;
    List<String> pattern = List.copyOf(parts);
    return request -> {
      String path = nullToEmpty(request.getServletPath()) + nullToEmpty(request.getPathInfo());
      List<String> actual = segments(path);
      if (actual.size() < pattern.size()) {
        return null;
      }
      for (int i = 0; i < pattern.size(); i++) {
        String expected = pattern.get(i);
        if (i != captured && !expected.equals("*") && !expected.equals(actual.get(i))) {
          return null;
        }
      }
      String id = actual.get(captured);
      return id.isEmpty() ? null : id;
    };
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      out.add(s);
    }
    if (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    return out;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
