package dev.latchkey.server.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The database kinds a contract suite runs on: SQLite always, PostgreSQL when configured. When it
 * is not, this says so loudly once per suite instead of skipping silently.
 */
public final class DatabaseKinds {
  private DatabaseKinds() {}

  public static List<String> available(String suite) {
    List<String> kinds = new ArrayList<>(List.of("sqlite"));
    if (TestDatabase.postgresConfigured()) {
      kinds.add("postgresql");
    } else {
      System.err.println("[" + suite + "]" + TestDatabase.postgresSkipMessage());
    }
    return kinds;
  }
}
