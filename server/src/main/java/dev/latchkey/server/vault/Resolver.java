package dev.latchkey.server.vault;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.ForbiddenException;
import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.vault.Records.AiSystem;
import dev.latchkey.server.vault.Records.Credential;
import dev.latchkey.server.vault.Records.Mapping;
import dev.latchkey.server.vault.Records.Workspace;
import dev.latchkey.server.vault.Workspaces.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Which keys for this AI system, or this provider and model, in this workspace": the usable keys
 * in use order (the system's primary, then prioritized keys by sort order, then fallbacks),
 * skipping disabled keys and keys whose allowlists exclude the model, API key or user; each
 * decrypted, each decrypt written to the audit log before the answer leaves. Only a management key
 * with the decrypt permission may ask.
 *
 * <p>The order of a system's or a provider's keys (rows with sealed values, never plaintext) is
 * cached until any vault write in this process, and at most {@link #PLAN_TTL} (other nodes'
 * writes).
 */
final class Resolver {
  private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);
  static final Duration PLAN_TTL = Duration.ofSeconds(5);

  record Request(
      String aiSystemId,
      String provider,
      String model,
      String workspace,
      String apiKeyId,
      String userId,
      Integer limit) {}

  /**
   * A usable key, decrypted: {@code key} for REMOTE_CLOUD, {@code authConfig} for REMOTE_CUSTOM.
   */
  record ResolvedKey(
      Credential credential,
      boolean primary,
      String key,
      com.fasterxml.jackson.databind.JsonNode authConfig) {}

  record Result(
      String aiSystemId,
      String workspaceId,
      String provider,
      String model,
      List<ResolvedKey> keys,
      List<String> undecryptable,
      boolean allowSharedCapacity) {}

  /** The ordered candidates for one question, and the generation of the vault they were read at. */
  private record Plan(
      long generation,
      String aiSystemId,
      String workspaceId,
      String provider,
      String model,
      List<Credential> ordered,
      Long primary) {}

  private final Database db;
  private final VaultStore store;
  private final Workspaces workspaces;
  private final AiSystems systems;
  private final MasterKeys sealer;
  private final AuditLog audit;
  private final LongSupplier generation;
  private final Cache<String, Plan> plans =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(PLAN_TTL).build();

  Resolver(
      Database db,
      VaultStore store,
      Workspaces workspaces,
      AiSystems systems,
      MasterKeys sealer,
      AuditLog audit,
      LongSupplier generation) {
    this.db = db;
    this.store = store;
    this.workspaces = workspaces;
    this.systems = systems;
    this.sealer = sealer;
    this.audit = audit;
    this.generation = generation;
  }

  Result resolve(Scope scope, Request r) {
    if (!scope.principal().isManagement() || !scope.principal().canDecrypt()) {
      throw new ForbiddenException(
          "decrypt_not_allowed",
          "Resolving keys needs a management key with the decrypt permission (create one with can_decrypt: true)");
    }
    Plan plan = plan(scope, r);
    String model = r.model() != null ? r.model() : plan.model();
    List<Credential> usable = new ArrayList<>();
    for (Credential c : plan.ordered()) {
      if (c.disabled()
          || !allows(c.allowedModels(), model)
          || !allows(c.allowedApiKeyHashes(), r.apiKeyId())
          || !allows(c.allowedUserIds(), r.userId())) {
        continue;
      }
      usable.add(c);
      if (r.limit() != null && usable.size() >= r.limit()) {
        break;
      }
    }
    List<ResolvedKey> keys = new ArrayList<>();
    List<String> undecryptable = new ArrayList<>();
    for (Credential c : usable) {
      byte[] plain;
      try {
        plain = sealer.open(c.secret(), ProviderKeys.aad(c.id(), c.workspaceId()));
      } catch (IllegalStateException e) {
        LOG.error("provider key {} could not be decrypted: {}", c.id(), e.getMessage());
        undecryptable.add(c.id());
        continue;
      }
      String text = new String(plain, StandardCharsets.UTF_8);
      java.util.Arrays.fill(plain, (byte) 0);
      boolean primary = plan.primary() != null && plan.primary() == c.authId();
      keys.add(
          c.authType().equals(ProviderKeys.REMOTE_CUSTOM)
              ? new ResolvedKey(c, primary, null, JsonText.readTree(text))
              : new ResolvedKey(c, primary, text, null));
    }
    if (!keys.isEmpty() || !undecryptable.isEmpty()) {
      List<AuditLog.Event> events = new ArrayList<>();
      for (ResolvedKey k : keys) {
        events.add(
            new AuditLog.Event(
                "provider_key.decrypted",
                "provider_key",
                k.credential().id(),
                details(plan, k.credential(), r)));
      }
      for (String id : undecryptable) {
        events.add(new AuditLog.Event("provider_key.decrypt_failed", "provider_key", id, Map.of()));
      }
      db.inTransaction(
          h -> {
            audit.recordAll(h, scope.principal().actor(), events);
            return null;
          });
    }
    return new Result(
        plan.aiSystemId(),
        plan.workspaceId(),
        plan.provider(),
        model,
        keys,
        undecryptable,
        sharedCapacityAllowed(plan.ordered(), model));
  }

  private static Map<String, Object> details(Plan plan, Credential c, Request r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("auth_id", c.authId());
    d.put("workspace_id", c.workspaceId());
    if (plan.aiSystemId() != null) {
      d.put("ai_system_id", plan.aiSystemId());
    }
    if (r.apiKeyId() != null) {
      d.put("api_key_id", r.apiKeyId());
    }
    if (r.userId() != null) {
      d.put("user_id", r.userId());
    }
    return d;
  }

  /**
   * OpenRouter's rules for the shared capacity a gateway may fall back to: none for the provider
   * when an enabled key is byok-only, none for a model that an enabled required key covers.
   */
  private static boolean sharedCapacityAllowed(List<Credential> keys, String model) {
    for (Credential c : keys) {
      if (!c.disabled()
          && (c.isByokOnly() || (c.isRequired() && allows(c.allowedModels(), model)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allows(List<String> allowlist, String value) {
    return allowlist == null || (value != null && allowlist.contains(value));
  }

  private Plan plan(Scope scope, Request r) {
    long gen = generation.getAsLong();
    String cacheKey;
    Workspace w = null;
    if (r.aiSystemId() != null) {
      cacheKey = "s:" + r.aiSystemId().toLowerCase(java.util.Locale.ROOT);
    } else {
      w = workspaces.resolve(scope, r.workspace(), "workspace_id");
      cacheKey = "p:" + w.id() + ":" + r.provider();
    }
    Plan cached = plans.getIfPresent(cacheKey);
    if (cached != null && cached.generation() == gen) {
      return cached;
    }
    Plan fresh =
        r.aiSystemId() != null
            ? systemPlan(scope, r.aiSystemId(), gen)
            : providerPlan(w, r.provider(), gen);
    plans.put(cacheKey, fresh);
    return fresh;
  }

  private Plan systemPlan(Scope scope, String aiSystemId, long gen) {
    AiSystem s = systems.system(scope, aiSystemId);
    return db.withHandle(
        h -> {
          List<Mapping> mappings = store.mappingsOfSystem(h, s.id());
          Map<Long, Integer> position = new LinkedHashMap<>();
          Long primary = null;
          for (Mapping m : mappings) {
            position.put(m.authId(), m.position());
            if (m.isPrimary()) {
              primary = m.authId();
            }
          }
          List<Credential> rows = new ArrayList<>(store.credentialsByAuthIds(h, position.keySet()));
          rows.removeIf(c -> c.deletedAt() != null);
          Long p = primary;
          rows.sort(
              Comparator.<Credential>comparingInt(c -> p != null && c.authId() == p ? 0 : 1)
                  .thenComparing(Credential::isFallback)
                  .thenComparingInt(Credential::sortOrder)
                  .thenComparingInt(c -> position.get(c.authId())));
          return new Plan(
              gen, s.id(), s.workspaceId(), s.provider(), s.model(), List.copyOf(rows), primary);
        });
  }

  private Plan providerPlan(Workspace w, String provider, long gen) {
    List<Credential> rows =
        db.withHandle(
            h -> store.credentials(h, List.of(w.id()), provider, null, 0, 10_000).items());
    return new Plan(gen, null, w.id(), provider, null, rows, null);
  }
}
