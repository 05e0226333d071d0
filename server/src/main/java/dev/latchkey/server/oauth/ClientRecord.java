package dev.latchkey.server.oauth;

/**
 * What the token endpoint needs to know about a client, as the near-cache keeps it: the app, the
 * digests of its current and (during a rotation's grace) previous secret, and whether its owner may
 * still receive tokens (a disabled or locked user's apps may not).
 */
record ClientRecord(AppRow app, String secretDigest, String previousDigest, boolean ownerActive) {
  @Override
  public String toString() {
    return "ClientRecord[" + app.clientId() + "]";
  }
}
