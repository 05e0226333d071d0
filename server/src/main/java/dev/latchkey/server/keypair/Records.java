package dev.latchkey.server.keypair;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Request and response bodies of the keypair feature. */
final class Records {
  private Records() {}

  /**
   * A keypair resource policy: Backend.AI's limit fields, stored and returned as given (the product
   * that runs sessions enforces them). Slot maps and vfolder-host permissions are JSON objects.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Policy(
      String name,
      String defaultForUnspecified,
      JsonNode totalResourceSlots,
      long maxSessionLifetime,
      int maxConcurrentSessions,
      Integer maxPendingSessionCount,
      JsonNode maxPendingSessionResourceSlots,
      int maxPriority,
      int maxConcurrentSftpSessions,
      int maxContainersPerSession,
      long idleTimeout,
      JsonNode allowedVfolderHosts,
      long createdAt,
      long updatedAt) {}

  /** Create or update a policy; on update, an absent (null) field stays unchanged. */
  record PolicyInput(
      String name,
      String defaultForUnspecified,
      JsonNode totalResourceSlots,
      Long maxSessionLifetime,
      Integer maxConcurrentSessions,
      JsonNode maxPendingSessionCount,
      JsonNode maxPendingSessionResourceSlots,
      Integer maxPriority,
      Integer maxConcurrentSftpSessions,
      Integer maxContainersPerSession,
      Long idleTimeout,
      JsonNode allowedVfolderHosts) {}

  record Policies(List<Policy> items, long totalCount) {}

  /** {@code create}: Backend.AI's KeyPairInput plus the owner. */
  record CreateKeypair(
      String userId, Boolean isActive, Boolean isAdmin, String resourcePolicy, Long rateLimit) {}

  /** {@code update} (Backend.AI's ModifyKeyPairInput): absent fields stay unchanged. */
  record UpdateKeypair(Boolean isActive, Boolean isAdmin, String resourcePolicy, Long rateLimit) {}

  /** A keypair as admins see it. The secret key is never part of it. */
  record Keypair(
      String accessKey,
      String userId,
      String email,
      boolean isActive,
      boolean isAdmin,
      String resourcePolicy,
      long rateLimit,
      long numQueries,
      Long lastUsed,
      long createdAt,
      long updatedAt) {}

  /** The one answer that carries the secret key: the answer to {@code create}. */
  record Created(
      String accessKey,
      String secretKey,
      String userId,
      String email,
      boolean isActive,
      boolean isAdmin,
      String resourcePolicy,
      long rateLimit,
      long createdAt) {}

  /** A page of keypairs, as Backend.AI's paginated list: the items and the total count. */
  record KeypairPage(List<Keypair> items, long totalCount, int pageOffset, int pageSize) {}

  /**
   * {@code info}: the caller's own keypair with its policy. {@code num_queries}, {@code last_used}
   * and {@code updated_at} are admin fields, absent unless the calling keypair is an admin one.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Info(
      String accessKey,
      String userId,
      String email,
      boolean isActive,
      boolean isAdmin,
      String resourcePolicy,
      long rateLimit,
      long createdAt,
      Policy policy,
      Long numQueries,
      Long lastUsed,
      Long updatedAt) {}

  /** What a gateway sends to {@code verify}: the signed request as it arrived. */
  record VerifyRequest(
      String method, String path, java.util.Map<String, String> headers, String bodyHash) {}

  /** A valid signature: who signed, with which rights and limits. */
  record Verified(
      boolean valid,
      String accessKey,
      String userId,
      String email,
      boolean isAdmin,
      String resourcePolicy,
      Policy policy,
      RateLimit rateLimit) {}

  /** The keypair's rolling window after this request. */
  record RateLimit(long limit, long remaining, long windowSeconds) {}
}
