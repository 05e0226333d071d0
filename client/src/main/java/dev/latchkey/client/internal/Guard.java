package dev.latchkey.client.internal;

import dev.latchkey.client.LatchkeyApiKeys;
import java.util.Map;

/**
 * The rule of a route guard, whatever the framework: the servlet filter and the Javalin handler
 * read a request through {@link Request} and carry out the {@link Verdict}. Not API.
 * Implementations are immutable and thread-safe.
 */
public interface Guard {

  /** Decides about one request. */
  Verdict check(Request request);

  /**
   * What a rule may read of a request; as a {@link LatchkeyApiKeys.ClientRequest}, what an API-key
   * rule's client-address function may read.
   */
  interface Request extends LatchkeyApiKeys.ClientRequest {
    /**
     * The one value of the header {@code name}: null when there is none, and an invalid (empty)
     * value when there are several (see {@link AccessCheck#onlyHeader}).
     */
    String onlyHeader(String name);

    /**
     * The org id the request names, or null for none. Rules call it only once the credential is
     * valid, so that a route's misconfiguration never hides a 401.
     */
    String orgId();

    /** The request's method, such as {@code GET}. */
    String method();

    /** The path and query exactly as received (not decoded): what a keypair signature covers. */
    String target();
  }

  /**
   * The decision: {@code status} 0 lets the request through with {@code attributes} set on it; any
   * other status is the answer, with {@code headers} and an empty body. An admitted request's
   * {@code headers} go on its response. Both maps are unmodifiable.
   */
  record Verdict(int status, Map<String, String> headers, Map<String, Object> attributes) {

    /** Copies the maps. */
    public Verdict {
      headers = Map.copyOf(headers);
      attributes = Map.copyOf(attributes);
    }

    /** Lets the request through with these request attributes. */
    public static Verdict allow(Map<String, Object> attributes) {
      return new Verdict(0, Map.of(), attributes);
    }

    /** Lets the request through with these attributes, and these headers on its response. */
    public static Verdict allow(Map<String, Object> attributes, Map<String, String> headers) {
      return new Verdict(0, headers, attributes);
    }

    /** Answers {@code status} with these headers and an empty body. */
    public static Verdict refuse(int status, Map<String, String> headers) {
      return new Verdict(status, headers, Map.of());
    }

    /** Whether the request may go on. */
    public boolean allowed() {
      return status == 0;
    }
  }
}
