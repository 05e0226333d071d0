package dev.latchkey.client;

/**
 * The parameters of {@code fetchAuditEvents}. Null fields are left out and take the server's
 * default (page size 10, page 0, every event). Immutable and thread-safe.
 *
 * @param pageSize events per page, 1 to 100
 * @param pageNumber the zero-based page
 * @param action only events with this action, such as {@code user.created}
 * @param targetId only events about this target id
 */
public record AuditQuery(Integer pageSize, Integer pageNumber, String action, String targetId) {

  /** A builder that matches every event. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of an {@link AuditQuery}. Not thread-safe. */
  public static final class Builder {
    private Integer pageSize;
    private Integer pageNumber;
    private String action;
    private String targetId;

    private Builder() {}

    public Builder pageSize(int value) {
      this.pageSize = value;
      return this;
    }

    public Builder pageNumber(int value) {
      this.pageNumber = value;
      return this;
    }

    public Builder action(String value) {
      this.action = value;
      return this;
    }

    public Builder targetId(String value) {
      this.targetId = value;
      return this;
    }

    public AuditQuery build() {
      return new AuditQuery(pageSize, pageNumber, action, targetId);
    }
  }
}
