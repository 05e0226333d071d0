package dev.latchkey.server.oauth;

import java.util.List;

/**
 * An OAuth application as stored, without its secret digests. {@code userId} and {@code orgId} are
 * both null for an app of the project; {@code scopes} is null when the app may ask for any scope.
 */
record AppRow(
    String clientId,
    String clientName,
    String userId,
    String orgId,
    List<String> redirectUris,
    List<String> grantTypes,
    List<String> scopes,
    Long previousValidUntil,
    long createdAt,
    long updatedAt) {

  String ownerType() {
    return orgId != null ? Reach.ORG : userId != null ? Reach.USER : Reach.PROJECT;
  }

  String ownerId() {
    return orgId != null ? orgId : userId != null ? userId : Reach.PROJECT;
  }
}
