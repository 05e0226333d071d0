package dev.latchkey.client;

/**
 * What {@link KeyPairs#paginatedList} asks for (Backend.AI's {@code paginated_list}). Nullable
 * fields are not sent. The filter and order grammar is in the server's API documentation ({@code
 * docs/api.md}): {@code rate_limit >= 100 & (is_admin == true | email ilike "%@example.com")},
 * {@code -created_at,+access_key}.
 *
 * @param userId only this user's keypairs; nullable
 * @param isActive only active (true) or inactive (false) ones; nullable
 * @param pageOffset rows to skip, 0 to 1000000
 * @param pageSize rows per page, 1 to 100
 * @param filter a filter expression; nullable
 * @param order an order expression; nullable (by creation)
 */
public record KeyPairQuery(
    String userId, Boolean isActive, int pageOffset, int pageSize, String filter, String order) {

  /** The first page of 20, everything, by creation. */
  public static KeyPairQuery firstPage() {
    return new KeyPairQuery(null, null, 0, 20, null, null);
  }

  public KeyPairQuery withFilter(String filter) {
    return new KeyPairQuery(userId, isActive, pageOffset, pageSize, filter, order);
  }

  public KeyPairQuery withOrder(String order) {
    return new KeyPairQuery(userId, isActive, pageOffset, pageSize, filter, order);
  }

  public KeyPairQuery withPage(int pageOffset, int pageSize) {
    return new KeyPairQuery(userId, isActive, pageOffset, pageSize, filter, order);
  }

  public KeyPairQuery withUserId(String userId) {
    return new KeyPairQuery(userId, isActive, pageOffset, pageSize, filter, order);
  }

  public KeyPairQuery withIsActive(Boolean isActive) {
    return new KeyPairQuery(userId, isActive, pageOffset, pageSize, filter, order);
  }
}
