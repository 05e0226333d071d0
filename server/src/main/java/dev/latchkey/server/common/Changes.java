package dev.latchkey.server.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Change notifications between features: a user, org or API key changed, so whatever cached it must
 * forget it. Published after the change commits. In-process today; the same events can later travel
 * between nodes (Redis pub/sub or PostgreSQL NOTIFY) through another implementation of the
 * publishing side.
 */
public final class Changes {
  /** What changed. */
  public sealed interface Change {
    String id();
  }

  public record UserChanged(String id) implements Change {}

  public record OrgChanged(String id) implements Change {}

  public record ApiKeyChanged(String id) implements Change {}

  /** Receives every change; must be quick and must not throw. */
  @FunctionalInterface
  public interface Listener {
    void changed(Change change);
  }

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong generation = new AtomicLong();

  public void subscribe(Listener listener) {
    listeners.add(listener);
  }

  public void publish(Change change) {
    generation.incrementAndGet();
    for (Listener l : listeners) {
      l.changed(change);
    }
  }

  public void user(String userId) {
    publish(new UserChanged(userId));
  }

  public void org(String orgId) {
    publish(new OrgChanged(orgId));
  }

  /**
   * Increases with every change. A cache that loads a value records it first and keeps the value
   * only if it is unchanged afterwards, so a load racing a change never caches stale data.
   */
  public long generation() {
    return generation.get();
  }
}
