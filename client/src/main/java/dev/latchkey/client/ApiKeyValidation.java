package dev.latchkey.client;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whose an issued API key is: the answer of {@code validateApiKey} and its variants, and what a
 * route guarded by an API key reads. Immutable and thread-safe; {@code metadata} is unmodifiable
 * and never null.
 *
 * <p>Which parts are present follows from the kind of key: a personal key has a {@link #user()} and
 * no {@link #org()}; an org key has an {@link #org()}, and when it was made for a member also the
 * {@link #user()} and their {@link #userInOrg()} membership; a generic key has neither.
 *
 * @param apiKeyId the key's id; a Latchkey addition, null only from a server that does not send it
 * @param metadata the key's free-form metadata; empty if none
 * @param user the key's user, with their organizations
 * @param org the key's organization
 * @param userInOrg the user's membership in the key's organization
 */
public record ApiKeyValidation(
    String apiKeyId,
    Map<String, Object> metadata,
    Optional<UserMetadata> user,
    Optional<ApiKeyOrg> org,
    Optional<OrgMemberInfo> userInOrg) {

  /** Copies the metadata; null becomes an empty map, and a null {@code Optional} an empty one. */
  public ApiKeyValidation {
    metadata = Copies.json(metadata);
    user = Objects.requireNonNullElse(user, Optional.empty());
    org = Objects.requireNonNullElse(org, Optional.empty());
    userInOrg = Objects.requireNonNullElse(userInOrg, Optional.empty());
  }

  /** Whether this is a personal key: a user and no organization. */
  public boolean isPersonal() {
    return user.isPresent() && org.isEmpty();
  }

  /** Whether this is an org key. */
  public boolean isOrg() {
    return org.isPresent();
  }
}
