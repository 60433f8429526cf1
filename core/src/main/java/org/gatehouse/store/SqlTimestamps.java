package org.gatehouse.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.Optional;
import java.util.TimeZone;

/** Instants in TIMESTAMP columns, always as UTC wall-clock time, whatever the JVM's time zone. */
public final class SqlTimestamps {
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    /** One calendar per thread: building one per call showed in the load profile; the drivers may set its time, so not shared. */
    private static final ThreadLocal<Calendar> CALENDAR = ThreadLocal.withInitial(() -> Calendar.getInstance(UTC));

    public static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setTimestamp(index, Timestamp.from(instant), CALENDAR.get());
    }

    public static Instant get(ResultSet resultSet, int index) throws SQLException {
        return resultSet.getTimestamp(index, CALENDAR.get()).toInstant();
    }

    /** A nullable column. */
    public static Optional<Instant> getOptional(ResultSet resultSet, int index) throws SQLException {
        return Optional.ofNullable(resultSet.getTimestamp(index, CALENDAR.get())).map(Timestamp::toInstant);
    }

    private SqlTimestamps() {
    }
}
