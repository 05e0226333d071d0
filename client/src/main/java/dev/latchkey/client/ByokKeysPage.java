package dev.latchkey.client;

import java.util.List;

/**
 * One page of provider keys in the OpenRouter view, in use order (provider, prioritized before
 * fallback, {@code sort_order}). Immutable and thread-safe; {@code data} is unmodifiable and never
 * null.
 *
 * @param data the keys of this page
 * @param totalCount how many keys match in all pages
 */
public record ByokKeysPage(List<ByokKey> data, long totalCount) {

  /** Copies the list; null becomes an empty list. */
  public ByokKeysPage {
    data = Copies.list(data);
  }
}
