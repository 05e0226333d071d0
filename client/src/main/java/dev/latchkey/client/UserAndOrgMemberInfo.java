package dev.latchkey.client;

import java.util.Objects;

/**
 * A validated user and their membership in the organization a route required. Immutable and
 * thread-safe.
 *
 * @param user the user; never null, and {@link User#exists()} is true
 * @param orgMemberInfo the user's membership in the required organization; never null
 */
public record UserAndOrgMemberInfo(User user, OrgMemberInfo orgMemberInfo) {

  /**
   * @throws NullPointerException if either is null
   */
  public UserAndOrgMemberInfo {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(orgMemberInfo, "orgMemberInfo");
  }
}
