package dev.latchkey.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a verified token's claims into a {@link User}, as PropelAuth's {@code toUser} does, but
 * strictly: a claim of the wrong JSON type makes the token invalid instead of a user with a field
 * that crashes later. A JSON null counts as an absent claim.
 */
final class TokenClaims {
  static final String SINGLE_ROLE = "single_role_in_hierarchy";

  TokenClaims() {}

  /**
   * @throws UnauthorizedException naming the claim that is missing or has the wrong type
   */
  User toUser(JsonNode claims) {
    String userId = requiredString(claims, "user_id");
    if (userId.isBlank()) {
      throw invalid("claim user_id must not be blank");
    }
    Map<String, OrgMemberInfo> orgs = new LinkedHashMap<>();
    String activeOrgId = null;
    JsonNode active = present(claims, "org_member_info");
    if (active != null) {
      OrgMemberInfo info = orgMemberInfo(active, "org_member_info", null);
      orgs.put(info.orgId(), info);
      activeOrgId = info.orgId();
    } else {
      JsonNode all = present(claims, "org_id_to_org_member_info");
      if (all != null) {
        requireObject(all, "org_id_to_org_member_info");
        for (Map.Entry<String, JsonNode> e : all.properties()) {
          orgs.put(
              e.getKey(),
              orgMemberInfo(e.getValue(), "org_id_to_org_member_info." + e.getKey(), e.getKey()));
        }
      }
    }
    return new User(
        userId,
        optionalString(claims, "email"),
        optionalString(claims, "first_name"),
        optionalString(claims, "last_name"),
        optionalString(claims, "username"),
        optionalString(claims, "legacy_user_id"),
        optionalString(claims, "impersonator_user_id"),
        optionalObject(claims, "properties"),
        optionalObject(claims, "metadata"),
        loginMethod(present(claims, "login_method")),
        orgs,
        activeOrgId);
  }

  /** PropelAuth reads anything it does not understand here as an unknown method; so does this. */
  private static LoginMethod loginMethod(JsonNode node) {
    if (node == null || !node.isObject()) {
      return LoginMethod.unknown();
    }
    JsonNode method = node.get("login_method");
    LoginMethod.Kind kind =
        LoginMethod.Kind.fromWire(method != null && method.isTextual() ? method.asText() : null);
    if (kind == LoginMethod.Kind.UNKNOWN) {
      return LoginMethod.unknown();
    }
    return new LoginMethod(kind, textOrNull(node.get("provider")), textOrNull(node.get("org_id")));
  }

  private static OrgMemberInfo orgMemberInfo(JsonNode node, String claim, String expectedOrgId) {
    requireObject(node, claim);
    String orgId = requiredString(node, "org_id", claim);
    if (expectedOrgId != null && !expectedOrgId.equals(orgId)) {
      throw invalid("claim " + claim + ".org_id does not match its key");
    }
    String structure = optionalString(node, "org_role_structure", claim);
    return new OrgMemberInfo(
        orgId,
        optionalString(node, "org_name", claim),
        optionalString(node, "url_safe_org_name", claim),
        optionalObject(node, "org_metadata", claim),
        optionalString(node, "user_role", claim),
        stringList(node, "inherited_user_roles_plus_current_role", claim),
        stringList(node, "user_permissions", claim),
        structure == null ? SINGLE_ROLE : structure,
        stringList(node, "additional_roles", claim),
        optionalString(node, "legacy_org_id", claim));
  }

  private static JsonNode present(JsonNode parent, String name) {
    JsonNode node = parent.get(name);
    return node == null || node.isNull() ? null : node;
  }

  private static String requiredString(JsonNode parent, String name) {
    return requiredString(parent, name, null);
  }

  private static String requiredString(JsonNode parent, String name, String within) {
    String value = optionalString(parent, name, within);
    if (value == null) {
      throw invalid("claim " + path(within, name) + " is missing");
    }
    return value;
  }

  private static String optionalString(JsonNode parent, String name) {
    return optionalString(parent, name, null);
  }

  private static String optionalString(JsonNode parent, String name, String within) {
    JsonNode node = present(parent, name);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid("claim " + path(within, name) + " must be a string");
    }
    return node.asText();
  }

  private static Map<String, Object> optionalObject(JsonNode parent, String name) {
    return optionalObject(parent, name, null);
  }

  private static Map<String, Object> optionalObject(JsonNode parent, String name, String within) {
    JsonNode node = present(parent, name);
    if (node == null) {
      return null;
    }
    requireObject(node, path(within, name));
    return objectValue(node);
  }

  /** Plain Java values for free-form JSON; faster than a mapper's conversion on the hot path. */
  private static Map<String, Object> objectValue(JsonNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), value(e.getValue()));
    }
    return out;
  }

  private static Object value(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        return objectValue(node);
      case ARRAY:
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(element -> list.add(value(element)));
        return list;
      case STRING:
        return node.textValue();
      case NUMBER:
        return node.numberValue();
      case BOOLEAN:
        return node.booleanValue();
      default:
        return null;
    }
  }

  private static List<String> stringList(JsonNode parent, String name, String within) {
    JsonNode node = present(parent, name);
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid("claim " + path(within, name) + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw invalid("claim " + path(within, name) + " must be an array of strings");
      }
      out.add(element.asText());
    }
    return out;
  }

  private static void requireObject(JsonNode node, String claim) {
    if (!node.isObject()) {
      throw invalid("claim " + claim + " must be an object");
    }
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static String path(String within, String name) {
    return within == null ? name : within + "." + name;
  }

  private static UnauthorizedException invalid(String why) {
    return new UnauthorizedException("invalid access token: " + why);
  }
}
