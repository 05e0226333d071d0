package dev.latchkey.server.keypair;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.ConflictException;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Keypair resource policies: named sets of Backend.AI's limits, managed by admins. */
final class ResourcePolicies {
  static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
  private static final int MAX_JSON = 16 * 1024;

  private final Database db;
  private final PolicyStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final Runnable onChange;

  ResourcePolicies(Database db, PolicyStore store, AuditLog audit, Clock clock, Runnable onChange) {
    this.db = db;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.onChange = onChange;
  }

  static String checkName(String field, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw dev.latchkey.server.common.InvalidInputException.of(
          field,
          "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  Records.Policy create(Records.PolicyInput in, Actor actor) {
    FieldErrors errors = new FieldErrors();
    if (in.name() == null) {
      errors.add("name", "is required");
    } else if (!NAME.matcher(in.name()).matches()) {
      errors.add(
          "name",
          "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    Map<String, Object> set = columns(in, errors);
    errors.throwIfAny();
    long now = clock.instant().getEpochSecond();
    return db.inTransaction(
        h -> {
          if (store.find(h, in.name()).isPresent()) {
            throw new ConflictException("A resource policy named '" + in.name() + "' exists");
          }
          store.insert(h, in.name(), now);
          if (!set.isEmpty()) {
            store.update(h, in.name(), set, now);
          }
          audit.record(
              h,
              actor,
              "keypair_resource_policy.created",
              "keypair_resource_policy",
              in.name(),
              null);
          return store.find(h, in.name()).orElseThrow();
        });
  }

  Records.Policy update(String name, Records.PolicyInput in, Actor actor) {
    FieldErrors errors = new FieldErrors();
    if (in.name() != null && !in.name().equals(name)) {
      errors.add("name", "cannot be changed");
    }
    Map<String, Object> set = columns(in, errors);
    errors.throwIfAny();
    long now = clock.instant().getEpochSecond();
    Records.Policy updated =
        db.inTransaction(
            h -> {
              if (!store.update(h, name, set, now)) {
                throw new NotFoundException("Resource policy not found");
              }
              audit.record(
                  h,
                  actor,
                  "keypair_resource_policy.updated",
                  "keypair_resource_policy",
                  name,
                  Map.of("fields", set.keySet()));
              return store.find(h, name).orElseThrow();
            });
    onChange.run();
    return updated;
  }

  Records.Policy get(String name) {
    return db.withHandle(h -> store.find(h, name))
        .orElseThrow(() -> new NotFoundException("Resource policy not found"));
  }

  Records.Policies list(int offset, int size) {
    return db.withHandle(h -> store.list(h, offset, size));
  }

  void delete(String name, Actor actor) {
    db.inTransaction(
        h -> {
          if (store.find(h, name).isEmpty()) {
            throw new NotFoundException("Resource policy not found");
          }
          long using = store.keypairsUsing(h, name);
          if (using > 0) {
            throw new ConflictException(
                "Resource policy '" + name + "' is attached to " + using + " keypair(s)");
          }
          store.delete(h, name);
          audit.record(
              h, actor, "keypair_resource_policy.deleted", "keypair_resource_policy", name, null);
          return null;
        });
    onChange.run();
  }

  /** The columns to set from the given (non-null) fields, recording what is wrong. */
  private Map<String, Object> columns(Records.PolicyInput in, FieldErrors errors) {
    Map<String, Object> set = new LinkedHashMap<>();
    if (in.defaultForUnspecified() != null) {
      if (in.defaultForUnspecified().equals("LIMITED")
          || in.defaultForUnspecified().equals("UNLIMITED")) {
        set.put("default_for_unspecified", in.defaultForUnspecified());
      } else {
        errors.add("default_for_unspecified", "must be LIMITED or UNLIMITED");
      }
    }
    slots(errors, "total_resource_slots", in.totalResourceSlots(), false, set);
    slots(
        errors,
        "max_pending_session_resource_slots",
        in.maxPendingSessionResourceSlots(),
        true,
        set);
    range(errors, "max_session_lifetime", in.maxSessionLifetime(), 0, 315_360_000L, set);
    range(errors, "max_concurrent_sessions", in.maxConcurrentSessions(), 0, 1_000_000, set);
    range(errors, "max_priority", in.maxPriority(), 0, 100, set);
    range(errors, "max_concurrent_sftp_sessions", in.maxConcurrentSftpSessions(), 0, 1_000, set);
    range(errors, "max_containers_per_session", in.maxContainersPerSession(), 1, 1_000, set);
    range(errors, "idle_timeout", in.idleTimeout(), 0, 315_360_000L, set);
    JsonNode pending = in.maxPendingSessionCount();
    if (pending != null) {
      if (pending.isNull()) {
        set.put("max_pending_session_count", null);
      } else if (!pending.canConvertToInt() || !pending.isIntegralNumber() || pending.asInt() < 0) {
        errors.add("max_pending_session_count", "must be null or an integer of 0 or more");
      } else {
        set.put("max_pending_session_count", pending.asInt());
      }
    }
    JsonNode hosts = in.allowedVfolderHosts();
    if (hosts != null) {
      if (!hosts.isObject() || !allPermissionLists(hosts)) {
        errors.add(
            "allowed_vfolder_hosts",
            "must be an object of host name to a list of permission names");
      } else {
        json(errors, "allowed_vfolder_hosts", hosts, set);
      }
    }
    return set;
  }

  private static boolean allPermissionLists(JsonNode hosts) {
    for (Map.Entry<String, JsonNode> e : hosts.properties()) {
      if (e.getKey().isEmpty() || e.getKey().length() > 255 || !e.getValue().isArray()) {
        return false;
      }
      for (JsonNode p : e.getValue()) {
        if (!p.isTextual() || p.asText().isEmpty() || p.asText().length() > 64) {
          return false;
        }
      }
    }
    return true;
  }

  private void slots(
      FieldErrors errors, String field, JsonNode v, boolean nullable, Map<String, Object> set) {
    if (v == null) {
      return;
    }
    if (v.isNull() && nullable) {
      set.put(field, null);
      return;
    }
    boolean ok = v.isObject() && v.size() <= 64;
    if (ok) {
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        JsonNode slot = e.getValue();
        if (e.getKey().isEmpty()
            || e.getKey().length() > 64
            || !(slot.isNumber() || (slot.isTextual() && slot.asText().length() <= 64))) {
          ok = false;
        }
      }
    }
    if (!ok) {
      errors.add(
          field,
          "must be an object of at most 64 slot names (such as \"cpu\", \"mem\") to numbers or"
              + " strings"
              + (nullable ? ", or null" : ""));
      return;
    }
    boolean negative = false;
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      JsonNode slot = e.getValue();
      if (slot.isNumber() && (slot.asDouble() < 0 || !Double.isFinite(slot.asDouble()))) {
        errors.add(field + "." + e.getKey(), "must be a quantity of at least 0, got " + slot);
        negative = true;
      }
    }
    if (!negative) {
      json(errors, field, v, set);
    }
  }

  private void json(FieldErrors errors, String field, JsonNode v, Map<String, Object> set) {
    String text = store.text(v);
    if (text.length() > MAX_JSON) {
      errors.add(field, "must be at most " + MAX_JSON + " bytes of JSON");
      return;
    }
    set.put(field, text);
  }

  private static void range(
      FieldErrors errors, String field, Number v, long min, long max, Map<String, Object> set) {
    if (v == null) {
      return;
    }
    long value = v.longValue();
    if (value < min || value > max) {
      errors.add(field, "must be between " + min + " and " + max + ", got " + value);
      return;
    }
    set.put(field, v);
  }
}
