package vn.lienthong.gateway.civil;

import java.nio.file.Path;
import java.time.Duration;

import vn.lienthong.gateway.catalog.AdminUnitCatalog;
import vn.lienthong.gateway.catalog.CatalogAddressNormalizer;
import vn.lienthong.gateway.ledger.AwaitingAcceptance;
import vn.lienthong.gateway.ledger.DispatchClaims;
import vn.lienthong.gateway.ledger.DossierMetaStore;
import vn.lienthong.gateway.ledger.DvcltIntakeLog;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.PollLedger;
import vn.lienthong.gateway.ledger.ResultRecords;
import vn.lienthong.gateway.ledger.StatusOutbox;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.Setting;
import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.upstream.UpstreamHttp;

/**
 * Wiring of the civil-registry flow: routes/civil.camel.yaml (DVCLT dossiers to PMHT) and
 * routes/civil-lifecycle.camel.yaml (DVCLT pull, officer decisions, PMHT polling, results, DVCLT status relay).
 */
@Wiring
public final class CivilModule implements FlowModule {

    static final String DEFAULT_PULL_CRON = "0 0/2 * * * ?";
    static final String DEFAULT_POLL_CRON = "0 0/5 * * * ?";
    static final String DEFAULT_SWEEP_CRON = "30 * * * * ?";

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String flow() {
        return "civil";
    }

    @Override
    public java.util.List<Setting> settings() {
        return CivilVariables.ALL;
    }

    @Override
    public java.util.List<String> queues() {
        return java.util.List.of("civil.dossier.inbound", "civil.dossier.invalid", "civil.dossier.review",
                "civil.dossier.dispatch", "civil.dossier.decision", "civil.status.outbound", "civil.status.anomaly",
                "DLQ.civil.validate", "DLQ.civil.dispatch", "DLQ.civil.status-relay", "DLQ.civil.decision");
    }

    @Override
    public java.util.List<String> upstreams() {
        return java.util.List.of("pmht", "dvclt");
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        ctx.metrics().jobLag(ctx.heartbeats(), "dvclt-pull");
        ctx.metrics().jobLag(ctx.heartbeats(), "pmht-poll");
        String statusPath = config.get(CivilVariables.PMHT_STATUS_PATH);
        AdminUnitCatalog units = AdminUnitCatalog.loadDefault();
        CivilLimits limits = new CivilLimits(config.getLong(CivilVariables.CIVIL_MAX_DOCUMENT_BYTES, config.maxBodyBytes()),
                config.getLong(CivilVariables.CIVIL_MAX_ATTACHMENT_BYTES), config.getInt(CivilVariables.CIVIL_MAX_ATTACHMENTS),
                CivilLimits.defaults().maxJsonDepth());
        ModuleCatalog modules = ModuleCatalog.load();
        // seed 000: the Ministry's test accounts' units, accepted whatever the date, outside production only
        UnitCodeChecker unitCheck = "production".equals(config.environmentName()) ? units
                : new TestEnvironmentUnits(units, TestEnvironmentUnits.parse(config.get(CivilVariables.CIVIL_TEST_UNITS)));
        CivilDossierProcessor processor = new CivilDossierProcessor(new CatalogAddressNormalizer(units), unitCheck,
                modules, limits);

        FileStore results = new FileStore(Path.of(config.get(CivilVariables.RESULT_STORE_DIR,
                config.dataDir().resolve("results").toString())), ".pdf", ctx.cipher());
        FileStore waitingBodies = new FileStore(Path.of(config.get(CivilVariables.CIVIL_AWAITING_DIR,
                config.dataDir().resolve("awaiting").toString())), ".json", ctx.cipher());
        ResultRecords resultRecords = new ResultRecords(ctx.ledger());
        RelaySettings defaults = RelaySettings.defaults();
        RelaySettings relaySettings = new RelaySettings(config.get("CIVIL_OFFICER_NAME", defaults.nguoiXuLy()),
                config.get("CIVIL_OFFICER_TITLE", defaults.chucDanh()), config.get("CIVIL_DEPARTMENT", defaults.phongBanXuLy()),
                config.getInt("CIVIL_PROCESSING_DAYS", defaults.processingDays()));
        StatusRelay relay = new StatusRelay(new StatusOutbox(ctx.ledger()), new DossierMetaStore(ctx.ledger()),
                ctx.ledger(), results, resultRecords, ctx.clock(), relaySettings);
        // a claim outlives a token call and a status call at the upstream timeout (connect + answer each)
        int upstreamTimeoutMs = config.upstreamTimeoutMs();
        relay.setClaimLease(Duration.ofSeconds(positive(config, CivilVariables.DVCLT_STATUS_CLAIM_SECONDS,
                (int) Math.ceil(4 * upstreamTimeoutMs / 1000.0) + 5)));
        ctx.property("civil.status.claim.ms", String.valueOf(relay.claimLeaseMillis()));
        AwaitingAcceptance awaiting = new AwaitingAcceptance(ctx.ledger());
        boolean autoAccept = config.getBoolean(CivilVariables.CIVIL_AUTO_ACCEPT);
        ResultCertificates certificates = new ResultCertificates(results, resultRecords,
                config.getLong(CivilVariables.RESULT_MAX_BYTES), modules);

        CivilIntake intake = new CivilIntake(processor, ctx.ledger(), ctx.clock(), relay,
                new CivilIntake.Acceptance(autoAccept, awaiting, waitingBodies));
        ctx.bind("civilIntake", intake);
        // one client per upstream: circuit, timeout, TLS, the shared status rule (platform.upstream.UpstreamHttp)
        PmhtClient pmht = new PmhtClient(ctx.upstreamHttp("pmht", config.get(CivilVariables.PMHT_URL)),
                config.get(CivilVariables.PMHT_USER), config.get(CivilVariables.PMHT_PASSWORD), new PmhtClient.Paths(
                config.get(CivilVariables.PMHT_PUSH_PATH_V3), config.get(CivilVariables.PMHT_PUSH_PATH_V1), statusPath));
        UpstreamHttp dvcltHttp = ctx.upstreamHttp("dvclt", config.get(CivilVariables.DVCLT_URL));
        DvcltAuth dvcltAuth = new DvcltAuth(dvcltHttp, config.get(CivilVariables.DVCLT_TOKEN_PATH),
                config.get(CivilVariables.DVCLT_USER), config.get(CivilVariables.DVCLT_PASSWORD), ctx.clock(),
                Duration.ofSeconds(config.getInt(CivilVariables.DVCLT_TOKEN_LIFETIME_SECONDS)),
                Duration.ofSeconds(config.getInt(CivilVariables.DVCLT_TOKEN_REFRESH_MARGIN_SECONDS)));
        DvcltClient dvclt = new DvcltClient(dvcltHttp, dvcltAuth, new DvcltClient.Paths(
                config.get(CivilVariables.DVCLT_LIST_PATH), config.get(CivilVariables.DVCLT_DETAIL_PATH),
                config.get(CivilVariables.DVCLT_ACK_PATH), config.get(CivilVariables.DVCLT_STATUS_PATH)));
        ctx.bind("pmhtClient", pmht);
        ctx.bind("dvcltClient", dvclt);
        // a push without a recorded answer is in doubt for as long as the gateway would have waited for it
        CivilDispatch dispatch = new CivilDispatch(ctx.ledger(), new DispatchClaims(ctx.ledger()), relay, pmht, ctx.clock(),
                Duration.ofMillis(upstreamTimeoutMs));
        ctx.bind("civilDispatch", dispatch);
        ctx.onDeadLetter("civil.dispatch", letter -> dispatch.deadLettered(letter.header("maHoSo"),
                letter.header("contentVersion"), letter.cause()));
        ctx.onDeadLetter("civil.validate", letter -> dispatch.intakeDeadLettered(letter.header("JMSMessageID")));
        CivilAcceptance acceptance = new CivilAcceptance(ctx.ledger(), awaiting, waitingBodies, relay, ctx.clock());
        ctx.bind("civilAcceptance", acceptance);
        ctx.bind("statusRelay", relay);
        CivilMessages.bind(ctx);
        ctx.bind("civilResultStore", results); // for the retention job (OpsModule)
        ctx.bind("civilAwaitingStore", waitingBodies);
        ctx.bind("resultCertificates", certificates);
        ctx.bind("dvcltAuth", dvcltAuth);
        ctx.metrics().counter("gateway_token_refreshes_total", "Session tokens fetched from an upstream (logins)",
                dvcltAuth::logins, "upstream", "dvclt");
        DvcltPull pull = new DvcltPull(ctx.ledger(), new DvcltIntakeLog(ctx.ledger()), ctx.clock());
        PmhtStatusPoller poller = new PmhtStatusPoller(ctx.ledger(), new PollLedger(ctx.ledger()), relay, certificates,
                ctx.clock(), new PmhtStatusPoller.Settings(positive(config, CivilVariables.PMHT_POLL_BATCH_SIZE),
                positive(config, CivilVariables.PMHT_POLL_MAX_PER_RUN), positive(config, CivilVariables.PMHT_UNKNOWN_AFTER_POLLS)));
        ctx.bind("dvcltPull", pull);
        ctx.bind("pmhtPoller", poller);
        CivilSteps.bind(ctx, dispatch, acceptance, intake, pull, poller, relay, certificates, pmht, dvclt,
                config.getInt(CivilVariables.DVCLT_STATUS_SWEEP_AFTER_SECONDS));
        // pushed (SENT), registered (4), refused (6), rejected by the officer: to the health flow at once, else on
        // civil.registration.events (health reserves, uses and releases the evidence, and shares registered deaths
        // back to DHIS2)
        RegistrationEventPublisher events = new RegistrationEventPublisher(ctx.ledger(),
                CivilSteps.registrationEventSink(ctx));
        poller.publishTo(events);
        acceptance.publishTo(events);
        ctx.bind("registrationSent", CivilSteps.registrationSent(events));

        ctx.upstreamUrl("pmht", config.get(CivilVariables.PMHT_URL));
        ctx.upstreamUrl("dvclt", config.get(CivilVariables.DVCLT_URL));
        // the consumers and the sweep age reach the routes from CivilVariables (Setting.property)
        schedule(ctx, "civil.dvclt.pull", config.get(CivilVariables.DVCLT_PULL_CRON), DEFAULT_PULL_CRON);
        schedule(ctx, "civil.pmht.poll", config.get(CivilVariables.PMHT_POLL_CRON), DEFAULT_POLL_CRON);
        schedule(ctx, "civil.status.sweep", config.get(CivilVariables.DVCLT_STATUS_SWEEP_CRON), DEFAULT_SWEEP_CRON);
    }

    /** A Quartz cron as a route property ('+' for spaces, as URIs want it); "off" keeps the schedule stopped. */
    private static void schedule(FlowContext ctx, String name, String cron, String fallback) {
        boolean off = "off".equalsIgnoreCase(cron.trim()) || "none".equalsIgnoreCase(cron.trim());
        String effective = off ? fallback : cron.trim();
        if (effective.split("\\s+").length < 6) {
            throw new ConfigException("the cron of " + name + " must be a Quartz cron with seconds (6 or 7 fields)"
                    + " or 'off', got '" + cron + "'");
        }
        ctx.property(name + ".cron", effective.replaceAll("\\s+", "+"));
        ctx.property(name + ".enabled", String.valueOf(!off));
    }

    private static int positive(GatewayConfig config, Setting setting) {
        return positive(config, setting, config.getInt(setting));
    }

    private static int positive(GatewayConfig config, Setting setting, int defaultValue) {
        int v = config.getInt(setting, defaultValue);
        if (v < 1) {
            throw new ConfigException(setting.name() + " must be at least 1, got " + v);
        }
        return v;
    }
}
