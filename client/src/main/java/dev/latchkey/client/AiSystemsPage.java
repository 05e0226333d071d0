package dev.latchkey.client;

import java.util.List;

/**
 * One page of a workspace's AI systems. Immutable and thread-safe; {@code data} is unmodifiable and
 * never null.
 *
 * @param data the AI systems of this page
 * @param totalCount how many AI systems the workspace holds
 */
public record AiSystemsPage(List<AiSystem> data, long totalCount) {

  /** Copies the list; null becomes an empty list. */
  public AiSystemsPage {
    data = Copies.list(data);
  }
}
