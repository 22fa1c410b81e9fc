package vn.lienthong.gateway.molisa;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.Setting;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
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
                "DLQ.molisa.dossier-intake", "DLQ.molisa.progress-intake", "DLQ.molisa.decision-intake",
                "DLQ.molisa.dispatch");
    }

    @Override
    public List<String> upstreams() {
        return List.of("molisa");
    }

    @Override
    public List<Setting> settings() {
        return MolisaVariables.ALL;
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        String prefix = config.get(MolisaVariables.MOLISA_PATH_PREFIX);
        Duration tokenTtl = Duration.ofSeconds(config.getLong(MolisaVariables.MOLISA_TOKEN_TTL_SECONDS));
        int batchSize = config.getInt(MolisaVariables.MOLISA_BATCH_SIZE);
        MolisaConfig molisa = new MolisaConfig(config.get(MolisaVariables.MOLISA_URL), prefix,
                config.get(MolisaVariables.MOLISA_USER), config.get(MolisaVariables.MOLISA_PASSWORD),
                Duration.ofSeconds(config.getLong(MolisaVariables.MOLISA_CONNECT_TIMEOUT_SECONDS)),
                Duration.ofSeconds(config.getLong(MolisaVariables.MOLISA_TIMEOUT_SECONDS)), tokenTtl, Math.max(1, batchSize),
                authErrorCodes(config.get(MolisaVariables.MOLISA_AUTH_ERROR_CODES)));
        // MOLISA's own timeouts (MOLISA_CONNECT_TIMEOUT_SECONDS, MOLISA_TIMEOUT_SECONDS), the shared upstream TLS
        MolisaClient client = new MolisaClient(molisa, ctx.upstreamSslContext(), ctx.circuits(), ctx.clock());
        ctx.bind("molisaClient", client);
        ctx.metrics().counter("gateway_token_refreshes_total", "Session tokens fetched from an upstream (GetToken calls)",
                () -> client.tokenCache().logins(), "upstream", "molisa");

        MolisaRecordMapper mapper = new MolisaRecordMapper(MolisaCatalogs.fromClasspath(),
                MolisaRecordMapper.EthnicityNumbers.fromSetting(config.get(MolisaVariables.MOLISA_ETHNICITY_INPUT)),
                MolisaRecordMapper.DistrictAfterReform.fromSetting(config.get(MolisaVariables.MOLISA_DISTRICT_AFTER_REFORM)));
        ctx.bind("molisaIntake", new MolisaIntake(mapper, ctx.ledger(), ctx.clock()));
        MolisaDispatch dispatch = new MolisaDispatch(new MolisaBatchSender(client), ctx.ledger(),
                new DispatchClaims(ctx.ledger()), ctx.clock());
        ctx.bind("molisaDispatch", dispatch);
        ctx.onDeadLetter("molisa.dispatch", letter -> dispatch.deadLettered(letter.body(), letter.cause()));
        ctx.bind("molisaBatcher", new MolisaBatcher(ctx.connectionFactory(), DISPATCH_QUEUE, batchSize,
                config.getLong(MolisaVariables.MOLISA_BATCH_WAIT_MS), 500));

        ctx.upstreamUrl("molisa", molisa.url(""));
        // molisa.*.consumers reach the routes from MolisaVariables (Setting.property)
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
