package dev.latchkey.server.common;

import java.util.List;

/** One page of results with the total, as every list endpoint returns it. */
public record Page<T>(List<T> items, long total, PageRequest request) {
  public boolean hasMore() {
    return request.hasMore(total);
  }
}
