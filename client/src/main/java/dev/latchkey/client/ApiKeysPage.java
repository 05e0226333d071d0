package dev.latchkey.client;

import java.util.List;

/**
 * One page of issued API keys, newest first. Immutable and thread-safe; {@code apiKeys} is
 * unmodifiable and never null.
 *
 * @param apiKeys the keys of this page
 * @param totalApiKeys how many keys match in all pages
 * @param currentPage the zero-based page number
 * @param pageSize the page size used
 * @param hasMoreResults whether a later page has more keys
 */
public record ApiKeysPage(
    List<ApiKeyFull> apiKeys,
    long totalApiKeys,
    int currentPage,
    int pageSize,
    boolean hasMoreResults) {

  /** Copies the list; null becomes an empty list. */
  public ApiKeysPage {
    apiKeys = Copies.list(apiKeys);
  }
}
