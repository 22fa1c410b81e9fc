package vn.lienthong.gateway.platform;

/**
 * One flow's wiring: the beans its routes (routes/&lt;flow&gt;.camel.yaml) call and the properties they use. Each flow
 * wires itself in its own package and lists its module in META-INF/services/vn.lienthong.gateway.platform.FlowModule;
 * Gateway finds the modules with {@link java.util.ServiceLoader}, so platform imports no flow.
 */
public interface FlowModule {

    /**
     * Modules configure in ascending order: the sandbox's simulators (0) before the flows, whose upstream URLs default
     * to them; a module that looks up another's beans comes after it (ops after civil and health).
     */
    int order();

    /** The flow's name in the ledger and in metrics (e.g. civil, molisa); null for modules that are not a flow. */
    default String flow() {
        return null;
    }

    void configure(FlowContext context) throws Exception;

    /** The settings this module declares (docs/configuration.md, start-up checks, Camel properties). */
    default java.util.List<Setting> settings() {
        return java.util.List.of();
    }

    /** Queues whose depth operators watch (inbound, invalid, review, DLQ.*). */
    default java.util.List<String> queues() {
        return java.util.List.of();
    }

    /** Upstreams the flow calls through UpstreamCircuits (e.g. pmht). */
    default java.util.List<String> upstreams() {
        return java.util.List.of();
    }
}
