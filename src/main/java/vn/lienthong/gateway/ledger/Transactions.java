package vn.lienthong.gateway.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

/**
 * One short JDBC transaction: commit on success, roll back on any failure; shared by every store of the gateway.
 *
 * <p>A step that calls several stores can make their writes one transaction with {@link #atomically}: while it
 * runs, every {@link #inTransaction} of the same data source on that thread joins it instead of committing on
 * its own. A joined call runs inside a savepoint, so a call that fails and is handled by its caller (e.g. a
 * unique violation a store answers by reading or updating instead) undoes only its own statements, on
 * PostgreSQL too (where a failed statement otherwise aborts the whole transaction).
 */
public final class Transactions {

    /** Work done on one connection inside the transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** The transaction {@link #atomically} opened on this thread, or null. */
    private record Open(DataSource dataSource, Connection connection) {
    }

    private static final ThreadLocal<Open> OPEN = new ThreadLocal<>();

    private Transactions() {
    }

    /**
     * @param onError turns a database failure into the caller's own exception (e.g. LedgerException, which the
     *                routes treat as transient: roll back and let the broker redeliver)
     */
    public static <T> T inTransaction(DataSource dataSource, SqlWork<T> work, Function<SQLException, RuntimeException> onError) {
        Open open = OPEN.get();
        if (open != null && open.dataSource() == dataSource) {
            return joined(open.connection(), work, onError);
        }
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw onError.apply(e);
        }
    }

    private static <T> T joined(Connection c, SqlWork<T> work, Function<SQLException, RuntimeException> onError) {
        try {
            Savepoint savepoint = c.setSavepoint();
            try {
                T result = work.run(c);
                c.releaseSavepoint(savepoint);
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback(savepoint);
                throw e;
            }
        } catch (SQLException e) {
            throw onError.apply(e);
        }
    }

    /**
     * Runs {@code work} as one transaction: the store calls it makes commit together or not at all. Nested calls
     * join the outer transaction.
     */
    public static <T> T atomically(DataSource dataSource, Supplier<T> work, Function<SQLException, RuntimeException> onError) {
        Open outer = OPEN.get();
        if (outer != null) {
            if (outer.dataSource() != dataSource) {
                throw new IllegalStateException("one transaction at a time per thread");
            }
            return work.get();
        }
        return inTransaction(dataSource, c -> {
            OPEN.set(new Open(dataSource, c));
            try {
                return work.get();
            } finally {
                OPEN.remove();
            }
        }, onError);
    }
}
