package vn.lienthong.gateway.molisa;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import vn.lienthong.gateway.ledger.DispatchClaims;

/** Wiring of the MOLISA social-assistance flow (routes/molisa.camel.yaml): one-stop-shop records to MOLISA (F5). */
@Wiring
public final class MolisaModule implements FlowModule {

    static final String DISPATCH_QUEUE = "molisa.dispatch";

    @Override
    public int order() {
        return 20;
    }

    @Override
    public String flow() {
        return MolisaIntake.FLOW;
    }

    @Override
    public List<String> queues() {
        return List.of("molisa.dossier.inbound", "molisa.progress.inbound", "molisa.decision.inbound",
                "molisa.invalid", "molisa.result", "molisa.dossier.ready", "molisa.progress.ready", DISPATCH_QUEUE,
                "DLQ.molisa.dossier.intake", "DLQ.molisa.progress.intake", "DLQ.molisa.decision.intake",
                "DLQ.molisa.dispatch");
    }

    @Override
    public List<String> upstreams() {
        return List.of("molisa");
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        String prefix = config.get("MOLISA_PATH_PREFIX", MolisaConfig.DEFAULT_PREFIX);
        Duration tokenTtl = Duration.ofSeconds(config.getLong("MOLISA_TOKEN_TTL_SECONDS", 1800));
        int batchSize = config.getInt("MOLISA_BATCH_SIZE", 50);
        MolisaConfig molisa = new MolisaConfig(config.get("MOLISA_URL", null), prefix, config.get("MOLISA_USER", "sandbox"), config.get("MOLISA_PASSWORD", "sandbox"),
                Duration.ofSeconds(config.getLong("MOLISA_CONNECT_TIMEOUT_SECONDS", 5)),
                Duration.ofSeconds(config.getLong("MOLISA_TIMEOUT_SECONDS", 30)), tokenTtl, Math.max(1, batchSize),
                authErrorCodes(config.get("MOLISA_AUTH_ERROR_CODES", "401,403")));
        MolisaClient client = new MolisaClient(molisa,
                HttpClient.newBuilder().connectTimeout(molisa.connectTimeout()).sslContext(ctx.upstreamSslContext()).build(),
                ctx.clock());
        ctx.bind("molisaClient", client);
        ctx.metrics().counter("gateway_token_refreshes_total", "Session tokens fetched from an upstream (GetToken calls)",
                () -> client.tokenCache().refreshCount(), "upstream", "molisa");

        MolisaRecordMapper mapper = new MolisaRecordMapper(MolisaCatalogs.fromClasspath(),
                MolisaRecordMapper.EthnicityNumbers.fromSetting(config.get("MOLISA_ETHNICITY_INPUT", "molisa")));
        ctx.bind("molisaIntake", new MolisaIntake(mapper, ctx.ledger(), ctx.clock()));
        MolisaDispatch dispatch = new MolisaDispatch(new MolisaBatchSender(client), ctx.ledger(),
                new DispatchClaims(ctx.ledger()), ctx.clock());
        ctx.bind("molisaDispatch", dispatch);
        ctx.onDeadLetter("molisa.dispatch", letter -> dispatch.deadLettered(letter.body(), letter.cause()));
        ctx.bind("molisaBatcher", new MolisaBatcher(ctx.connectionFactory(), DISPATCH_QUEUE, batchSize,
                config.getLong("MOLISA_BATCH_WAIT_MS", 2000), 500));

        ctx.upstreamUrl("molisa", molisa.url(""));
        ctx.property("molisa.intake.consumers", String.valueOf(config.getInt("MOLISA_INTAKE_CONSUMERS", 2)));
        ctx.property("molisa.dispatch.consumers", String.valueOf(config.getInt("MOLISA_DISPATCH_CONSUMERS", 2)));
    }

    private static Set<Integer> authErrorCodes(String list) {
        try {
            return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt)
                    .collect(Collectors.toSet());
        } catch (NumberFormatException e) {
            throw new ConfigException("MOLISA_AUTH_ERROR_CODES must be a comma-separated list of integers, got '" + list + "'");
        }
    }
}
