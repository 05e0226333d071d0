package dev.latchkey.client;

/**
 * The parameters of {@code fetchOrgByQuery}, sent as a JSON body. Null fields are left out and take
 * the server's default (page size 10, page 0, oldest first). Immutable and thread-safe.
 *
 * @param pageSize organizations per page, 1 to 100
 * @param pageNumber the zero-based page
 * @param orderBy the order
 * @param name a partial match on the name
 * @param legacyOrgId an exact legacy org id
 * @param domain an exact email domain
 */
public record OrgQuery(
    Integer pageSize,
    Integer pageNumber,
    OrgOrderBy orderBy,
    String name,
    String legacyOrgId,
    String domain) {

  /** A builder that matches every organization. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of an {@link OrgQuery}. Not thread-safe. */
  public static final class Builder {
    private Integer pageSize;
    private Integer pageNumber;
    private OrgOrderBy orderBy;
    private String name;
    private String legacyOrgId;
    private String domain;

    private Builder() {}

    public Builder pageSize(int value) {
      this.pageSize = value;
      return this;
    }

    public Builder pageNumber(int value) {
      this.pageNumber = value;
      return this;
    }

    public Builder orderBy(OrgOrderBy value) {
      this.orderBy = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder legacyOrgId(String value) {
      this.legacyOrgId = value;
      return this;
    }

    public Builder domain(String value) {
      this.domain = value;
      return this;
    }

    public OrgQuery build() {
      return new OrgQuery(pageSize, pageNumber, orderBy, name, legacyOrgId, domain);
    }
  }
}
