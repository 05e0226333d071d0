package dev.latchkey.client;

/**
 * The settable fields of a keypair (Backend.AI's {@code KeyPairInput}/{@code ModifyKeyPairInput}).
 * A null field takes the default on create ({@code is_active} true, {@code is_admin} false, policy
 * {@code default}, rate limit 10000) and stays unchanged on update. Immutable.
 *
 * @param isActive whether it may sign requests; nullable
 * @param isAdmin whether it is an admin keypair; nullable
 * @param resourcePolicy the name of an existing resource policy; nullable
 * @param rateLimit requests per rolling 15 minutes, 1 to 100000000; nullable
 */
public record KeyPairProps(
    Boolean isActive, Boolean isAdmin, String resourcePolicy, Long rateLimit) {

  /** No field set: the defaults on create, no change on update. */
  public static KeyPairProps none() {
    return new KeyPairProps(null, null, null, null);
  }
}
