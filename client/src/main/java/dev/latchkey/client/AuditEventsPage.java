package dev.latchkey.client;

import java.util.List;

/**
 * One page of audit events, newest first. Immutable and thread-safe; {@code events} is unmodifiable
 * and never null.
 *
 * @param events the events of this page
 * @param totalEvents how many events match in all pages
 * @param currentPage the zero-based page number
 * @param pageSize the page size used
 * @param hasMoreResults whether a later page has more events
 */
public record AuditEventsPage(
    List<AuditEvent> events,
    long totalEvents,
    int currentPage,
    int pageSize,
    boolean hasMoreResults) {

  /** Copies the list; null becomes an empty list. */
  public AuditEventsPage {
    events = Copies.list(events);
  }
}
