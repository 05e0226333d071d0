package dev.latchkey.client;

import java.util.List;

/**
 * One page of the workspaces the caller reaches. Immutable and thread-safe; {@code data} is
 * unmodifiable and never null.
 *
 * @param data the workspaces of this page
 * @param totalCount how many workspaces match in all pages
 */
public record WorkspacesPage(List<Workspace> data, long totalCount) {

  /** Copies the list; null becomes an empty list. */
  public WorkspacesPage {
    data = Copies.list(data);
  }
}
