package dev.latchkey.client;

import java.util.List;

/**
 * One page of users. Immutable and thread-safe; {@code users} is unmodifiable and never null.
 *
 * @param users the users of this page
 * @param totalUsers how many users match in all pages
 * @param currentPage the zero-based page number
 * @param pageSize the page size used
 * @param hasMoreResults whether a later page has more users
 */
public record UsersPage(
    List<UserMetadata> users,
    long totalUsers,
    int currentPage,
    int pageSize,
    boolean hasMoreResults) {

  /** Copies the list; null becomes an empty list. */
  public UsersPage {
    users = Copies.list(users);
  }
}
