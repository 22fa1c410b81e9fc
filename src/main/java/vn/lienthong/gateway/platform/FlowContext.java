package vn.lienthong.gateway.platform;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.main.Main;
import vn.lienthong.gateway.ledger.Ledger;

/** What a flow module may use and register while the gateway is assembled. */
public final class FlowContext {

    private final GatewayConfig config;
    private final Clock clock;
    private final Ledger ledger;
    private final UpstreamCircuits circuits;
    private final Main main;
    private final DataSource dataSource;
    private final Map<String, Object> beans = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    FlowContext(GatewayConfig config, Clock clock, Ledger ledger, UpstreamCircuits circuits, Main main,
                DataSource dataSource) {
        this.config = config;
        this.clock = clock;
        this.ledger = ledger;
        this.circuits = circuits;
        this.main = main;
        this.dataSource = dataSource;
    }

    /** The gateway database (its schema is the Flyway migrations), for flows that keep their own tables. */
    public DataSource dataSource() {
        return dataSource;
    }

    public GatewayConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Ledger ledger() {
        return ledger;
    }

    public UpstreamCircuits circuits() {
        return circuits;
    }

    /** Makes a bean callable from the YAML routes by name. */
    public void bind(String name, Object bean) {
        beans.put(name, bean);
        main.bind(name, bean);
    }

    /** A property placeholder ({{name}}) for the routes. */
    public void property(String name, String value) {
        main.addInitialProperty(name, value);
    }

    /** Closed (in reverse order) when the gateway stops: simulators, clients. */
    public <T extends AutoCloseable> T closeOnStop(T resource) {
        closeables.add(resource);
        return resource;
    }

    /** A bean registered by any module, for tests and operations (e.g. a sandbox simulator). */
    public <T> T bean(String name, Class<T> type) {
        return type.cast(beans.get(name));
    }

    List<AutoCloseable> closeables() {
        return closeables;
    }
}
