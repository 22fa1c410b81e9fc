package vn.lienthong.gateway.ledger;

import java.sql.SQLException;

/** Small JDBC helpers shared by the ledger stores. */
final class Sql {

    private Sql() {
    }

    /** Unique/primary key violation (SQLSTATE class 23) on HSQLDB and PostgreSQL. */
    static boolean isUniqueViolation(Throwable e) {
        return e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23");
    }
}
