package vn.lienthong.gateway.platform;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.ops.ConsoleAssets;
import vn.lienthong.gateway.ops.ConsoleAuth;
import vn.lienthong.gateway.ops.OpsApi;
import vn.lienthong.gateway.ops.ReplayTargets;

/** Wiring of the operator console (routes/ops.camel.yaml, docs/console.md): its page, API, users and queue access. */
public final class OpsModule implements FlowModule {

    private static final Logger LOG = LoggerFactory.getLogger(OpsModule.class);

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        ConsoleAuth auth;
        ReplayTargets targets;
        try {
            auth = ConsoleAuth.fromConfig(config.get("CONSOLE_USERS", null), config.get("CONSOLE_TOKENS", null),
                    config.isSandbox(), Duration.ofMinutes(config.getInt("CONSOLE_SESSION_MINUTES", 60)), ctx.clock());
            targets = ReplayTargets.defaults(routeId -> queueConsumedBy(ctx.camelContext(), routeId))
                    .withConfig(config.get("CONSOLE_REPLAY_TARGETS", null));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (auth.sandboxUsers()) {
            LOG.warn("Console (SANDBOX ONLY) users: operator/operator (operator) and viewer/viewer (viewer)");
        } else if (auth.userCount() + auth.tokenCount() == 0) {
            LOG.warn("Console: neither CONSOLE_USERS nor CONSOLE_TOKENS is set, so nobody can use /console");
        } else {
            LOG.info("Console: {} users, {} API tokens", auth.userCount(), auth.tokenCount());
        }
        JmsQueues queues = new JmsQueues(ctx.connectionFactory());
        ctx.bind("opsApi", new OpsApi(config.environmentName(), auth, ctx.ledger(), queues, targets));
        ctx.bind("consoleAssets", new ConsoleAssets(config.environmentName()));
    }

    /** The queue a route consumes (DLQ.<routeId> goes back there), or null when it is not a JMS consumer. */
    static String queueConsumedBy(CamelContext camel, String routeId) {
        Route route = camel == null ? null : camel.getRoute(routeId);
        Endpoint from = route == null ? null : route.getEndpoint();
        return from instanceof JmsEndpoint jms && !jms.isPubSubDomain() ? jms.getDestinationName() : null;
    }
}
