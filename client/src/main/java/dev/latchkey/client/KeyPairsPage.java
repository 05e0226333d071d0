package dev.latchkey.client;

import java.util.List;

/**
 * A page of keypairs: the items, the total count of matches, and the page asked for. Immutable; the
 * list is unmodifiable and never null.
 *
 * @param items the keypairs on this page
 * @param totalCount how many keypairs match in all
 * @param pageOffset rows skipped
 * @param pageSize the page size
 */
public record KeyPairsPage(List<KeyPair> items, long totalCount, int pageOffset, int pageSize) {
  /** Copies the list; null becomes empty. */
  public KeyPairsPage {
    items = Copies.list(items);
  }
}
