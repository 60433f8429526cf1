package org.gatehouse.store;

import java.util.Locale;

/** The few places where Derby and PostgreSQL SQL differ. */
public enum SqlDialect {
    DERBY("CLOB", "SMALLINT", "org.apache.derby.iapi.jdbc.AutoloadedDriver"),
    POSTGRESQL("TEXT", "SMALLINT", "org.postgresql.Driver");

    public static SqlDialect fromJdbcUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:derby:")) {
            return DERBY;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported JDBC URL (use jdbc:derby: or jdbc:postgresql:): " + url);
    }

    private final String textType;
    private final String smallIntType;
    private final String driverClassName;

    SqlDialect(String textType, String smallIntType, String driverClassName) {
        this.textType = textType;
        this.smallIntType = smallIntType;
        this.driverClassName = driverClassName;
    }

    /**
     * The JDBC driver, named rather than looked up through {@code DriverManager}: in a host James server Gatehouse's
     * jar is in a class loader of its own (extensions-jars), whose drivers {@code DriverManager} never finds.
     */
    public String driverClassName() {
        return driverClassName;
    }

    /** Unbounded text column type. */
    public String text() {
        return textType;
    }

    public String smallInt() {
        return smallIntType;
    }

    /** The SQLState of a unique or primary key violation is the same in both: 23505. */
    public boolean isUniqueViolation(java.sql.SQLException e) {
        for (java.sql.SQLException current = e; current != null; current = current.getNextException()) {
            if ("23505".equals(current.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
