package dev.latchkey.client;

import java.util.List;

/**
 * One page of pending invitations. Immutable and thread-safe; {@code invites} is unmodifiable and
 * never null.
 *
 * @param invites the invitations of this page
 * @param totalInvites how many invitations match in all pages
 * @param currentPage the zero-based page number
 * @param pageSize the page size used
 * @param hasMoreResults whether a later page has more invitations
 */
public record InvitesPage(
    List<PendingInvite> invites,
    long totalInvites,
    int currentPage,
    int pageSize,
    boolean hasMoreResults) {

  /** Copies the list; null becomes an empty list. */
  public InvitesPage {
    invites = Copies.list(invites);
  }
}
