package dev.latchkey.client;

import java.util.List;

/**
 * One page of organizations. Immutable and thread-safe; {@code orgs} is unmodifiable and never
 * null.
 *
 * @param orgs the organizations of this page
 * @param totalOrgs how many organizations match in all pages
 * @param currentPage the zero-based page number
 * @param pageSize the page size used
 * @param hasMoreResults whether a later page has more organizations
 */
public record OrgsPage(
    List<OrgSummary> orgs, long totalOrgs, int currentPage, int pageSize, boolean hasMoreResults) {

  /** Copies the list; null becomes an empty list. */
  public OrgsPage {
    orgs = Copies.list(orgs);
  }
}
