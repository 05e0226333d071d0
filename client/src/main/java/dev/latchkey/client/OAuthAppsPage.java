package dev.latchkey.client;

import java.util.List;

/**
 * One page of OAuth apps, newest first, in Latchkey's page shape. Immutable and thread-safe.
 *
 * @param apps the apps of this page; unmodifiable, never null
 * @param totalApps how many apps the caller reaches in all pages
 * @param currentPage the zero-based page number
 * @param pageSize the page size asked for
 * @param hasMoreResults whether a later page has more
 */
public record OAuthAppsPage(
    List<OAuthApp> apps, long totalApps, int currentPage, int pageSize, boolean hasMoreResults) {

  /** Copies the list; null becomes empty. */
  public OAuthAppsPage {
    apps = Copies.list(apps);
  }
}
