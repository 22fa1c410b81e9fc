package vn.lienthong.gateway.ops;

import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
import vn.lienthong.gateway.platform.Setting;
import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.Reloadable;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.ledger.DossierSearch;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.PayloadRetention;

/** Wiring of the operator console (routes/ops.camel.yaml, docs/console.md): its page, API, users and queue access. */
@Wiring
public final class OpsModule implements FlowModule {

    private static final Logger LOG = LoggerFactory.getLogger(OpsModule.class);

    /** After every flow: the retention job collects what the flows contribute. */
    @Override
    public int order() {
        return 90;
    }

    @Override
    public java.util.List<Setting> settings() {
        return OpsVariables.ALL;
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        ConsoleAuth auth;
        ReplayTargets targets;
        ClientAddress clients;
        try {
            clients = ClientAddress.fromConfig(config.get(OpsVariables.CONSOLE_TRUSTED_PROXIES));
            auth = ConsoleAuth.fromConfig(config.get(OpsVariables.CONSOLE_USERS), config.get(OpsVariables.CONSOLE_TOKENS),
                    config.isSandbox(), Duration.ofMinutes(config.getInt(OpsVariables.CONSOLE_SESSION_MINUTES)), ctx.clock());
            targets = ReplayTargets.defaults(routeId -> queueConsumedBy(ctx.camelContext(), routeId))
                    .withConfig(config.get(OpsVariables.CONSOLE_REPLAY_TARGETS));
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
        // the upstreams the flows declared (their circuit gauges exist once every module is configured)
        java.util.function.Supplier<java.util.List<String>> declared = () -> ctx.metrics().meterRegistry()
                .find("gateway_circuit_open").gauges().stream().map(g -> g.getId().getTag("upstream"))
                .filter(java.util.Objects::nonNull).toList();
        OpsControls controls = new OpsControls(ctx::camelContext, ctx.circuits(), declared, ctx.heartbeats(), ctx.clock());
        // what the flows let operators reload (e.g. DVCQG's procedure -> result codes file); OpsModule runs last
        ctx.bind("opsApi", new OpsApi(config.environmentName(), auth, ctx.ledger(), queues, targets, clients,
                ctx.contributions(Reloadable.class)).withControls(controls, new DossierSearch(ctx.ledger())));
        ctx.bind("consoleAssets", new ConsoleAssets(config.environmentName()));
        retention(ctx);
    }

    /**
     * PAYLOAD_RETENTION_DAYS (default 90, 0 = keep): a daily job deletes the stored contents of dossiers finished
     * longer ago and keeps their trails (ledger/PayloadRetention, routes/ops.camel.yaml).
     */
    private static void retention(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        int days = config.getInt(OpsVariables.PAYLOAD_RETENTION_DAYS);
        if (days < 0) {
            throw new ConfigException("PAYLOAD_RETENTION_DAYS must be 0 (keep) or more, got " + days);
        }
        PayloadRetention retention = new PayloadRetention(ctx.ledger(), days,
                ctx.bean("civilResultStore", FileStore.class), ctx.bean("civilAwaitingStore", FileStore.class));
        // other flows' stores (health: evidence, kept import files) offer their purge and sweep
        ctx.contributions(PayloadRetention.Purger.class).forEach(retention::alsoPurge);
        ctx.contributions(PayloadRetention.Sweeper.class).forEach(retention::alsoSweep);
        ctx.bind("payloadRetention", retention);
        ctx.metrics().counter("gateway_payloads_purged_total",
                "Dossiers whose stored contents the retention job deleted (trail kept)", retention::purgedTotal);
        ctx.metrics().jobLag(ctx.heartbeats(), "payload-retention");
        String cron = config.get(OpsVariables.PAYLOAD_RETENTION_CRON).trim();
        boolean off = days == 0 || "off".equalsIgnoreCase(cron);
        if (!off && cron.split("\\s+").length < 6) {
            throw new ConfigException("PAYLOAD_RETENTION_CRON must be a Quartz cron with seconds (6 or 7 fields) or 'off',"
                    + " got '" + cron + "'");
        }
        ctx.property("ops.retention.enabled", String.valueOf(!off));
        ctx.property("ops.retention.cron", off ? "0+15+3+*+*+?" : cron.replaceAll("\\s+", "+"));
        if (days == 0) {
            LOG.warn("PAYLOAD_RETENTION_DAYS=0: stored payloads, certificates and evidence are kept for ever");
        } else {
            LOG.info("Retention: stored contents of dossiers finished more than {} days ago are deleted daily", days);
        }
    }

    /** The queue a route consumes (DLQ.<routeId> goes back there), or null when it is not a JMS consumer. */
    static String queueConsumedBy(CamelContext camel, String routeId) {
        Route route = camel == null ? null : camel.getRoute(routeId);
        Endpoint from = route == null ? null : route.getEndpoint();
        return from instanceof JmsEndpoint jms && !jms.isPubSubDomain() ? jms.getDestinationName() : null;
    }
}
