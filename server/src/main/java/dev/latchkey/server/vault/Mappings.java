package dev.latchkey.server.vault;

import dev.latchkey.server.vault.Records.Mapping;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The mapping policy between AI systems and provider credentials: while an AI system has any
 * mapping, exactly one is its primary. The first credential mapped becomes the primary; removing
 * the primary promotes the next mapping by position.
 */
final class Mappings {
  private Mappings() {}

  /** What a removal did to the AI system's primary. */
  record Removal(boolean removed, boolean primaryChanged, Long newPrimary) {
    static final Removal NOTHING = new Removal(false, false, null);
  }

  /** Maps a credential at the end of the system's order; false when it already was. */
  static boolean add(Handle h, VaultStore store, String systemId, long authId, long now) {
    List<Mapping> current = store.mappingsOfSystem(h, systemId);
    if (current.stream().anyMatch(m -> m.authId() == authId)) {
      return false;
    }
    int position = current.stream().mapToInt(Mapping::position).max().orElse(-1) + 1;
    store.insertMapping(h, systemId, authId, current.isEmpty(), position, now);
    return true;
  }

  static Removal remove(Handle h, VaultStore store, String systemId, long authId, long now) {
    List<Mapping> current = store.mappingsOfSystem(h, systemId);
    Mapping gone = current.stream().filter(m -> m.authId() == authId).findFirst().orElse(null);
    if (gone == null) {
      return Removal.NOTHING;
    }
    store.deleteMapping(h, systemId, authId);
    if (!gone.isPrimary()) {
      return new Removal(true, false, null);
    }
    Mapping next = current.stream().filter(m -> m.authId() != authId).findFirst().orElse(null);
    if (next == null) {
      return new Removal(true, true, null);
    }
    store.setPrimary(h, systemId, next.authId(), now);
    return new Removal(true, true, next.authId());
  }

  /**
   * Replaces a system's mappings with {@code authIds} in that order, {@code primary} (one of them)
   * as its primary.
   */
  static void replace(
      Handle h, VaultStore store, String systemId, List<Long> authIds, long primary, long now) {
    store.deleteMappingsOfSystem(h, systemId);
    for (int i = 0; i < authIds.size(); i++) {
      store.insertMapping(h, systemId, authIds.get(i), authIds.get(i) == primary, i, now);
    }
  }
}
