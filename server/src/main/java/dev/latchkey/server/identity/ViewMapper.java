package dev.latchkey.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.identity.Views.OrgMemberInfo;
import dev.latchkey.server.identity.Views.OrgSummary;
import dev.latchkey.server.identity.Views.Organization;
import dev.latchkey.server.identity.Views.UserMetadata;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Turns rows into the wire views, loading memberships for a whole page in one query. */
final class ViewMapper {
  private final Roles roles;
  private final OrgStore orgs;

  ViewMapper(Roles roles, OrgStore orgs) {
    this.roles = roles;
    this.orgs = orgs;
  }

  OrgMemberInfo memberInfo(Membership m) {
    return new OrgMemberInfo(
        m.orgId(),
        m.orgName(),
        m.orgSlug(),
        objectOrEmpty(m.orgMetadata()),
        m.role(),
        roles.atOrBelow(m.role()),
        roles.permissionsOf(m.role(), m.additionalRoles()),
        Roles.STRUCTURE,
        m.additionalRoles(),
        m.legacyOrgId());
  }

  UserMetadata user(UserRow u, Map<String, OrgMemberInfo> orgInfo, Membership inOrg) {
    return new UserMetadata(
        u.id(),
        u.email(),
        u.emailConfirmed(),
        u.hasPassword(),
        u.username(),
        u.firstName(),
        u.lastName(),
        u.pictureUrl(),
        u.locked(),
        u.enabled(),
        u.mfaEnabled(),
        u.canCreateOrgs(),
        u.createdAt(),
        u.lastActiveAt(),
        u.updatePasswordRequired(),
        u.legacyUserId(),
        JsonText.readTree(u.metadata()),
        objectOrEmpty(u.properties()),
        orgInfo,
        inOrg == null ? null : inOrg.role(),
        inOrg == null ? null : inOrg.additionalRoles());
  }

  /** Views of many users; memberships are read once for all of them when asked for. */
  List<UserMetadata> users(Handle h, List<UserRow> rows, boolean includeOrgs, String inOrgId) {
    Map<String, List<Membership>> byUser = Map.of();
    if (includeOrgs || inOrgId != null) {
      byUser =
          orgs.membershipsOf(h, rows.stream().map(UserRow::id).collect(Collectors.toSet())).stream()
              .collect(
                  Collectors.groupingBy(
                      Membership::userId, LinkedHashMap::new, Collectors.toList()));
    }
    Map<String, List<Membership>> memberships = byUser;
    return rows.stream()
        .map(
            u -> {
              List<Membership> mine = memberships.getOrDefault(u.id(), List.of());
              Membership inOrg =
                  inOrgId == null
                      ? null
                      : mine.stream()
                          .filter(m -> m.orgId().equals(inOrgId))
                          .findFirst()
                          .orElse(null);
              return user(u, includeOrgs ? orgMap(mine) : null, inOrg);
            })
        .toList();
  }

  Map<String, OrgMemberInfo> orgMap(Collection<Membership> memberships) {
    Map<String, OrgMemberInfo> map = new LinkedHashMap<>();
    memberships.forEach(m -> map.put(m.orgId(), memberInfo(m)));
    return map;
  }

  Organization organization(OrgRow o) {
    return new Organization(
        o.id(),
        o.name(),
        o.slug(),
        o.canSetupSaml(),
        o.isSamlConfigured(),
        o.isSamlInTestMode(),
        o.maxUsers(),
        objectOrEmpty(o.metadata()),
        o.domain(),
        JsonText.readStrings(o.extraDomains()),
        o.domainAutojoin(),
        o.domainRestrict(),
        o.customRoleMappingName(),
        o.legacyOrgId(),
        o.require2faBy(),
        o.passwordRotationEnabled(),
        o.passwordRotationHistorySize(),
        o.passwordRotationPeriod(),
        o.createdAt());
  }

  OrgSummary summary(OrgRow o) {
    return new OrgSummary(
        o.id(),
        o.name(),
        o.slug(),
        o.maxUsers(),
        o.isSamlConfigured(),
        o.legacyOrgId(),
        objectOrEmpty(o.metadata()),
        o.customRoleMappingName(),
        o.domain(),
        o.createdAt());
  }

  private static JsonNode objectOrEmpty(String text) {
    JsonNode node = JsonText.readTree(text);
    return node == null ? JsonNodeFactory.instance.objectNode() : node;
  }
}
