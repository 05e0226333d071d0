package dev.latchkey.client;

/**
 * Which organization a route requires the user to belong to, found among the organizations in the
 * user's access token (no request is made). Immutable and thread-safe.
 *
 * <p>As in PropelAuth's clients: with an id, the organization is looked up by id, and a name given
 * as well must then match its {@code org_name} or {@code url_safe_org_name} exactly; with only a
 * name, the first organization whose {@code org_name} or {@code url_safe_org_name} equals it is
 * used.
 *
 * @param orgId the organization's id; nullable when {@code orgName} is given
 * @param orgName the organization's name or URL-safe name; nullable
 */
public record RequiredOrg(String orgId, String orgName) {

  /**
   * @throws IllegalArgumentException if both are null
   */
  public RequiredOrg {
    if (orgId == null && orgName == null) {
      throw new IllegalArgumentException(
          "a required org needs an orgId or an orgName, got neither");
    }
  }

  /** The organization with this id. */
  public static RequiredOrg byId(String orgId) {
    return new RequiredOrg(requireValue(orgId, "orgId"), null);
  }

  /** The organization with this name or URL-safe name. */
  public static RequiredOrg byName(String orgName) {
    return new RequiredOrg(null, requireValue(orgName, "orgName"));
  }

  /** The organization with this id, provided it also has this name or URL-safe name. */
  public static RequiredOrg byIdAndName(String orgId, String orgName) {
    return new RequiredOrg(requireValue(orgId, "orgId"), requireValue(orgName, "orgName"));
  }

  private static String requireValue(String value, String name) {
    if (value == null) {
      throw new NullPointerException(name);
    }
    return value;
  }

  /** The user's membership in this organization, or null if the user has none. */
  OrgMemberInfo find(User user) {
    if (orgId != null) {
      OrgMemberInfo info = user.orgIdToOrgMemberInfo().get(orgId);
      if (info == null || (orgName != null && !hasName(info))) {
        return null;
      }
      return info;
    }
    for (OrgMemberInfo info : user.orgIdToOrgMemberInfo().values()) {
      if (hasName(info)) {
        return info;
      }
    }
    return null;
  }

  private boolean hasName(OrgMemberInfo info) {
    return orgName.equals(info.orgName()) || orgName.equals(info.urlSafeOrgName());
  }
}
