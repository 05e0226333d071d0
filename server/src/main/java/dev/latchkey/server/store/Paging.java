package dev.latchkey.server.store;

import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * One page of a filtered, ordered query with the total count, in a single scan: the total comes
 * from a window function ({@code count(*) OVER ()}, SQLite 3.25+ and PostgreSQL), so filters that
 * cannot use an index (substring search) are not evaluated twice. Only a page past the end needs a
 * second, counting query.
 */
public final class Paging {
  private Paging() {}

  /**
   * @param columns the select list
   * @param fromWhere {@code FROM ... [JOIN ...] WHERE ...}
   * @param orderBy the order, ending with a unique column so pages never overlap
   */
  public static <T> Page<T> page(
      Handle h,
      String columns,
      String fromWhere,
      String orderBy,
      Map<String, ?> binds,
      PageRequest page,
      RowMapper<T> mapper) {
    Query select =
        h.createQuery(
            "SELECT "
                + columns
                + ", count(*) OVER () AS total_rows "
                + fromWhere
                + " ORDER BY "
                + orderBy
                + " LIMIT :limit OFFSET :offset");
    binds.forEach(select::bind);
    long[] total = {-1};
    List<T> items =
        select
            .bind("limit", page.pageSize())
            .bind("offset", page.offset())
            .map(
                (rs, ctx) -> {
                  total[0] = rs.getLong("total_rows");
                  return mapper.map(rs, ctx);
                })
            .list();
    if (total[0] < 0) {
      Query count = h.createQuery("SELECT count(*) " + fromWhere);
      binds.forEach(count::bind);
      total[0] = count.mapTo(Long.class).one();
    }
    return new Page<>(items, total[0], page);
  }
}
