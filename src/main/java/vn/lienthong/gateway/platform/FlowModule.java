package vn.lienthong.gateway.platform;

/**
 * One flow's wiring: the beans its routes (routes/&lt;flow&gt;.camel.yaml) call, the properties they use and, in the
 * sandbox, the simulators of its upstreams. Gateway lists the modules; each flow adds one class.
 */
public interface FlowModule {

    /** The flow's name in the ledger and in metrics (e.g. civil, molisa); null for modules that are not a flow. */
    default String flow() {
        return null;
    }

    void configure(FlowContext context) throws Exception;

    /** Queues whose depth operators watch (inbound, invalid, review, DLQ.*). */
    default java.util.List<String> queues() {
        return java.util.List.of();
    }

    /** Upstreams the flow calls through UpstreamCircuits (e.g. pmht). */
    default java.util.List<String> upstreams() {
        return java.util.List.of();
    }
}
