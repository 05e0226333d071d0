package dev.latchkey.server.keypair;

import dev.latchkey.server.store.Database;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code num_queries} and {@code last_used} of verified requests, counted in memory and written in
 * one batch per flush, so that no verification waits on a database write.
 */
final class UsageCounts {
  private final Database db;
  private final KeypairStore store;
  private final ConcurrentHashMap<String, long[]> pending = new ConcurrentHashMap<>();

  UsageCounts(Database db, KeypairStore store) {
    this.db = db;
    this.store = store;
  }

  void record(String accessKey, long at) {
    pending.compute(
        accessKey,
        (k, v) -> {
          if (v == null) {
            return new long[] {1, at};
          }
          v[0]++;
          v[1] = Math.max(v[1], at);
          return v;
        });
  }

  /** Writes and forgets what has been counted; a failed write is counted again next time. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    Map<String, long[]> batch = new HashMap<>();
    for (String key : pending.keySet()) {
      long[] v = pending.remove(key);
      if (v != null) {
        batch.put(key, v);
      }
    }
    try {
      db.inTransaction(
          h -> {
            store.addUsage(h, batch);
            return null;
          });
    } catch (RuntimeException e) {
      batch.forEach(
          (key, v) ->
              pending.merge(key, v, (a, b) -> new long[] {a[0] + b[0], Math.max(a[1], b[1])}));
      throw e;
    }
  }
}
