package dev.latchkey.client;

/**
 * The answer of {@link ApiKeys#create} and {@link ApiKeys#rotateSecret}: the app, and the only time
 * its secret is shown. Hand it on at once; the server keeps only a digest. Immutable and
 * thread-safe; {@link #toString()} leaves the secret and the encoded credentials out.
 *
 * @param app the app
 * @param clientSecret the client secret ({@code lkcs_} and 43 base62 characters, 256 random bits)
 * @param encodedCredentials Union's {@code encoded_credentials}: base64 of {@code
 *     endpoint:client_id:client_secret:org} (for {@code UNION_API_KEY} / {@code FLYTE_API_KEY})
 */
public record CreatedOAuthApp(OAuthApp app, String clientSecret, String encodedCredentials) {

  /** The app's client id. */
  public String clientId() {
    return app.clientId();
  }

  /** The app's name. */
  public String clientName() {
    return app.clientName();
  }

  @Override
  public String toString() {
    return "CreatedOAuthApp[clientId="
        + app.clientId()
        + ", clientSecret=[redacted], encodedCredentials=[redacted]]";
  }
}
