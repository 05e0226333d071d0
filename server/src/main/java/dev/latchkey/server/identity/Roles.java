package dev.latchkey.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The role hierarchy of the project, highest first (default Owner > Admin > Member), each role with
 * its own permission set. Clients cannot know the hierarchy, so every org-member entry the server
 * sends carries the precomputed roles at or below the user's role, and the union of permissions of
 * the user's roles.
 */
public final class Roles {
  public static final String STRUCTURE = "single_role_in_hierarchy";

  private final List<String> order;
  private final Map<String, List<String>> permissions;

  private Roles(List<String> order, Map<String, List<String>> permissions) {
    this.order = List.copyOf(order);
    this.permissions = Map.copyOf(permissions);
  }

  public static Roles defaults() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    List<String> member = List.of("latchkey::can_view_other_members");
    List<String> admin = new ArrayList<>(member);
    admin.addAll(
        List.of(
            "latchkey::can_invite",
            "latchkey::can_change_roles",
            "latchkey::can_remove_users",
            "latchkey::can_manage_api_keys",
            "latchkey::can_manage_provider_keys"));
    List<String> owner = new ArrayList<>(admin);
    owner.addAll(
        List.of(
            "latchkey::can_setup_saml",
            "latchkey::can_edit_org_access",
            "latchkey::can_delete_org"));
    p.put("Owner", owner);
    p.put("Admin", admin);
    p.put("Member", member);
    return new Roles(List.of("Owner", "Admin", "Member"), p);
  }

  /**
   * Reads {@code {"roles":[{"name":"Owner","permissions":["..."]}, ...]}}, highest role first.
   * Fails with a message naming the file and the rule broken.
   */
  public static Roles load(Path file, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read LATCHKEY_ROLES_FILE " + file + ": " + e.getMessage(), e);
    }
    JsonNode roles = root == null ? null : root.get("roles");
    if (roles == null || !roles.isArray() || roles.isEmpty()) {
      throw new IllegalStateException(
          file
              + ": expected {\"roles\": [{\"name\": \"Owner\", \"permissions\": [...]}, ...]} with at least one role, highest first");
    }
    List<String> order = new ArrayList<>();
    Map<String, List<String>> perms = new LinkedHashMap<>();
    for (JsonNode r : roles) {
      JsonNode name = r.get("name");
      if (name == null
          || !name.isTextual()
          || name.asText().isBlank()
          || name.asText().length() > 64) {
        throw new IllegalStateException(
            file + ": every role needs a \"name\" of 1 to 64 characters");
      }
      if (perms.containsKey(name.asText())) {
        throw new IllegalStateException(file + ": role \"" + name.asText() + "\" is listed twice");
      }
      List<String> list = new ArrayList<>();
      JsonNode ps = r.get("permissions");
      if (ps != null) {
        if (!ps.isArray()) {
          throw new IllegalStateException(
              file
                  + ": \"permissions\" of role \""
                  + name.asText()
                  + "\" must be an array of strings");
        }
        ps.forEach(p -> list.add(p.asText()));
      }
      order.add(name.asText());
      perms.put(name.asText(), list);
    }
    return new Roles(order, perms);
  }

  public List<String> names() {
    return order;
  }

  public boolean exists(String role) {
    return permissions.containsKey(role);
  }

  /** The lowest role, given to users who join by email domain. */
  public String lowest() {
    return order.get(order.size() - 1);
  }

  /** The role itself and every role below it, highest first. */
  public List<String> atOrBelow(String role) {
    int i = order.indexOf(role);
    return i < 0 ? List.of(role) : order.subList(i, order.size());
  }

  /** Union of the permissions of the role and the additional roles, in a stable order. */
  public List<String> permissionsOf(String role, Collection<String> additionalRoles) {
    Set<String> all = new LinkedHashSet<>(permissions.getOrDefault(role, List.of()));
    for (String extra : additionalRoles) {
      all.addAll(permissions.getOrDefault(extra, List.of()));
    }
    return List.copyOf(all);
  }

  public List<String> permissionsOf(String role) {
    return permissions.getOrDefault(role, List.of());
  }
}
