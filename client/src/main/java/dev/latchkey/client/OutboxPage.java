package dev.latchkey.client;

import java.util.List;

/**
 * One page of the development outbox, newest first. Immutable and thread-safe; {@code messages} is
 * unmodifiable and never null.
 *
 * @param messages the messages of this page
 * @param totalMessages how many messages match in all pages
 * @param currentPage the zero-based page number
 * @param pageSize the page size used
 * @param hasMoreResults whether a later page has more messages
 */
public record OutboxPage(
    List<OutboxMessage> messages,
    long totalMessages,
    int currentPage,
    int pageSize,
    boolean hasMoreResults) {

  /** Copies the list; null becomes an empty list. */
  public OutboxPage {
    messages = Copies.list(messages);
  }
}
