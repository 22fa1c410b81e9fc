package vn.lienthong.gateway.platform;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import javax.sql.DataSource;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness of what the gateway depends on: broker, database, each upstream's circuit. */
final class GatewayHealthChecks {

    private GatewayHealthChecks() {
    }

    static List<HealthCheck> all(ConnectionFactory broker, DataSource database, UpstreamCircuits circuits) {
        return List.of(new Broker(broker), new Database(database), new Upstreams(circuits));
    }

    abstract static class ReadinessCheck extends AbstractHealthCheck {
        ReadinessCheck(String id) {
            super("gateway", id);
        }

        @Override
        public boolean isLiveness() {
            // a dead upstream or database must not get the process restarted: it is not ready, but alive
            return false;
        }
    }

    static final class Broker extends ReadinessCheck {
        private final ConnectionFactory factory;

        Broker(ConnectionFactory factory) {
            super("broker");
            this.factory = factory;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (jakarta.jms.Connection c = factory.createConnection()) {
                c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE).close();
                builder.up();
            } catch (Exception e) {
                builder.down().message("broker unreachable: " + e.getMessage());
            }
        }
    }

    static final class Database extends ReadinessCheck {
        private final DataSource dataSource;

        Database(DataSource dataSource) {
            super("database");
            this.dataSource = dataSource;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection c = dataSource.getConnection()) {
                if (c.isValid(2)) {
                    builder.up();
                } else {
                    builder.down().message("database connection is not valid");
                }
            } catch (Exception e) {
                builder.down().message("database unreachable: " + e.getMessage());
            }
        }
    }

    static final class Upstreams extends ReadinessCheck {
        private final UpstreamCircuits circuits;

        Upstreams(UpstreamCircuits circuits) {
            super("upstreams");
            this.circuits = circuits;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Map<String, String> states = circuits.states();
            states.forEach((upstream, state) -> builder.detail("circuit." + upstream, state));
            List<String> open = states.entrySet().stream().filter(e -> !"CLOSED".equals(e.getValue()))
                    .map(e -> e.getKey() + " circuit " + e.getValue()).toList();
            if (open.isEmpty()) {
                builder.up();
            } else {
                builder.down().message(String.join(", ", open));
            }
        }
    }
}
