package dev.latchkey.client;

import java.util.List;

/**
 * One page of a user's sessions, newest first. Immutable and thread-safe; {@code sessions} is
 * unmodifiable and never null.
 *
 * @param sessions the sessions of this page
 * @param totalSessions how many sessions match in all pages
 * @param currentPage the zero-based page number
 * @param pageSize the page size used
 * @param hasMoreResults whether a later page has more sessions
 */
public record UserSessionsPage(
    List<UserSession> sessions,
    long totalSessions,
    int currentPage,
    int pageSize,
    boolean hasMoreResults) {

  /** Copies the list; null becomes an empty list. */
  public UserSessionsPage {
    sessions = Copies.list(sessions);
  }
}
