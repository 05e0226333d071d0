package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The role helpers in the structure the server does not use yet ({@code multi_role}). */
class OrgMemberInfoTest {
  static OrgMemberInfo member(String structure, String role, List<String> additional) {
    return new OrgMemberInfo(
        "org",
        "Org",
        "org",
        Map.of(),
        role,
        List.of(role),
        List.of("p1", "p2"),
        structure,
        additional,
        null);
  }

  @Test
  void multiRole_isRoleAndIsAtLeastRole_acceptAdditionalRoles() {
    OrgMemberInfo info = member(OrgMemberInfo.MULTI_ROLE, "Billing", List.of("Support"));

    assertThat(info.isRole("Billing")).isTrue();
    assertThat(info.isRole("Support")).isTrue();
    assertThat(info.isAtLeastRole("Support")).isTrue();
    assertThat(info.isRole("Owner")).isFalse();
    assertThat(info.isAtLeastRole("Owner")).isFalse();
  }

  @Test
  void singleRole_isRole_ignoresAdditionalRoles() {
    OrgMemberInfo info = member("single_role_in_hierarchy", "Member", List.of("Owner"));

    assertThat(info.isRole("Owner")).isFalse();
    assertThat(info.isAtLeastRole("Owner")).isFalse();
  }

  @Test
  void hasAllPermissions_ofNone_isTrue_andOfAMissingOne_isFalse() {
    OrgMemberInfo info = member("single_role_in_hierarchy", "Member", List.of());

    assertThat(info.hasAllPermissions(List.of())).isTrue();
    assertThat(info.hasAllPermissions(List.of("p1", "p2"))).isTrue();
    assertThat(info.hasAllPermissions(List.of("p1", "p3"))).isFalse();
  }

  @Test
  void record_copiesItsLists_andNullListsBecomeEmpty() {
    List<String> perms = new ArrayList<>(List.of("p1"));
    OrgMemberInfo info =
        new OrgMemberInfo("o", "O", "o", null, "Member", null, perms, null, null, null);
    perms.add("p2");

    assertThat(info.userPermissions()).containsExactly("p1");
    assertThat(info.inheritedUserRolesPlusCurrentRole()).isEmpty();
    assertThat(info.additionalRoles()).isEmpty();
    assertThat(info.orgMetadata()).isEmpty();
    assertThatThrownBy(() -> info.userPermissions().add("p3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
