package vn.lienthong.gateway.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

import javax.sql.DataSource;

/** One short JDBC transaction: commit on success, roll back on any failure; shared by every store of the gateway. */
public final class Transactions {

    /** Work done on one connection inside the transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * @param onError turns a database failure into the caller's own exception (e.g. LedgerException, which the
     *                routes treat as transient: roll back and let the broker redeliver)
     */
    public static <T> T inTransaction(DataSource dataSource, SqlWork<T> work, Function<SQLException, RuntimeException> onError) {
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
}
