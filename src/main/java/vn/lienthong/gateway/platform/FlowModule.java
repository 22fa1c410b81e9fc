package vn.lienthong.gateway.platform;

/**
 * One flow's wiring: the beans its routes (routes/&lt;flow&gt;.camel.yaml) call, the properties they use and, in the
 * sandbox, the simulators of its upstreams. Gateway lists the modules; each flow adds one class.
 */
public interface FlowModule {

    void configure(FlowContext context) throws Exception;
}
