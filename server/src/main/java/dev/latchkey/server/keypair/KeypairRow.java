package dev.latchkey.server.keypair;

/** A row of {@code keypairs} joined with its user's email; {@code sealedSecret} is ciphertext. */
record KeypairRow(
    String accessKey,
    String userId,
    String email,
    String sealedSecret,
    boolean isActive,
    boolean isAdmin,
    String resourcePolicy,
    long rateLimit,
    long numQueries,
    Long lastUsed,
    long createdAt,
    long updatedAt) {

  Records.Keypair view() {
    return new Records.Keypair(
        accessKey,
        userId,
        email,
        isActive,
        isAdmin,
        resourcePolicy,
        rateLimit,
        numQueries,
        lastUsed,
        createdAt,
        updatedAt);
  }
}
