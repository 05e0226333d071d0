package dev.latchkey.client;

import java.util.List;

/**
 * One page of management keys, oldest first. Immutable and thread-safe; {@code managementKeys} is
 * unmodifiable and never null.
 *
 * @param managementKeys the keys of this page
 * @param totalManagementKeys how many keys match in all pages
 * @param currentPage the zero-based page number
 * @param pageSize the page size used
 * @param hasMoreResults whether a later page has more keys
 */
public record ManagementKeysPage(
    List<ManagementKey> managementKeys,
    long totalManagementKeys,
    int currentPage,
    int pageSize,
    boolean hasMoreResults) {

  /** Copies the list; null becomes an empty list. */
  public ManagementKeysPage {
    managementKeys = Copies.list(managementKeys);
  }
}
