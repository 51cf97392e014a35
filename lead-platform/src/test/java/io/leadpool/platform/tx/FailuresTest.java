package io.leadpool.platform.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** Which database failures are "busy" (503, retry) rather than a fault (500), however they are wrapped. */
class FailuresTest {

    @Test
    void a_server_that_went_away_is_busy_however_the_failure_is_wrapped() {
        assertThat(Failures.isDatabaseBusy(new ConnectException("Connection refused"))).isTrue();
        assertThat(Failures.isDatabaseBusy(new SocketException("Connection reset"))).isTrue();
        assertThat(Failures.isDatabaseBusy(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(Failures.isDatabaseBusy(new RuntimeException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(Failures.isDatabaseBusy(new CompositeException(ClosedConnectionException.INSTANCE,
                new IllegalStateException("HR000090: Live transaction detected while closing the connection")))).isTrue();
        assertThat(Failures.isDatabaseBusy(
                new PgException("terminating connection due to immediate shutdown command", "FATAL", "57P01", null)))
                .isTrue();
        // A statement sent on a connection already closed is failed with a bare Throwable, not an Exception.
        Throwable notActive = new io.vertx.core.impl.NoStackTraceThrowable(
                "Connection is not active now, current status: CLOSED");
        assertThat(Failures.isDatabaseBusy(notActive)).isTrue();
        assertThat(Failures.isDatabaseBusy(new CompositeException(notActive, new IllegalStateException("rollback failed"))))
                .isTrue();
    }

    @Test
    void a_statement_refused_for_what_it_is_is_not_busy() {
        assertThat(Failures.isDatabaseBusy(new PgException("syntax error", "ERROR", "42601", null))).isFalse();
        assertThat(Failures.isDatabaseBusy(new IllegalStateException("no such lead"))).isFalse();
    }
}
