package dev.latchkey.client.internal;

import dev.latchkey.client.KeyPairVerification;
import dev.latchkey.client.KeyPairs;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.SignedRequest;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rule of the signed-request guards: the headers a Backend.AI signature covers go to the
 * server's verify endpoint; its answer admits the request or is passed on (401, 429 with the
 * rate-limit headers). Not API. Immutable and thread-safe.
 */
public final class KeyPairCheck implements Guard {
  /** The request attribute that holds the {@link dev.latchkey.client.VerifiedKeyPair}. */
  public static final String KEY_PAIR_ATTRIBUTE = "dev.latchkey.client.VerifiedKeyPair";

  private static final System.Logger LOG = System.getLogger(KeyPairCheck.class.getName());
  private static final List<String> SIGNED_HEADERS =
      List.of(
          "Authorization",
          "Date",
          "X-BackendAI-Date",
          "X-Sorna-Date",
          "Content-Type",
          "Host",
          "X-BackendAI-Version",
          "X-Sorna-Version");
  private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "BackendAI");

  private final KeyPairs keyPairs;

  public KeyPairCheck(KeyPairs keyPairs) {
    this.keyPairs = Objects.requireNonNull(keyPairs, "keyPairs");
  }

  @Override
  public Verdict check(Request request) {
    String authorization = request.onlyHeader("Authorization");
    if (authorization == null || authorization.isEmpty()) {
      return Verdict.refuse(401, CHALLENGE);
    }
    Map<String, String> headers = new HashMap<>();
    for (String name : SIGNED_HEADERS) {
      String value = request.onlyHeader(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    KeyPairVerification answer;
    try {
      answer = keyPairs.verify(new SignedRequest(request.method(), request.target(), headers));
    } catch (LatchkeyException e) {
      LOG.log(
          Level.WARNING, "Latchkey: a signed request could not be verified: {0}", e.getMessage());
      return Verdict.refuse(503, Map.of());
    }
    if (answer.valid()) {
      return Verdict.allow(Map.of(KEY_PAIR_ATTRIBUTE, answer.keyPair()), answer.headers());
    }
    Map<String, String> refusal = new HashMap<>(answer.headers());
    if (answer.status() == 401) {
      refusal.putAll(CHALLENGE);
    }
    return Verdict.refuse(answer.status(), refusal);
  }
}
