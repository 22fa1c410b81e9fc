package vn.lienthong.gateway.civil;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
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
    public java.util.List<String> queues() {
        return java.util.List.of("civil.dossier.inbound", "civil.dossier.invalid", "civil.dossier.review",
                "civil.dossier.dispatch", "civil.dossier.decision", "civil.status.outbound", "civil.status.anomaly",
                "DLQ.civil.validate", "DLQ.civil.dispatch", "DLQ.civil.status.relay", "DLQ.civil.decision");
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
        String statusPath = config.get("PMHT_STATUS_PATH", "/v3/trangthai");
        AdminUnitCatalog units = AdminUnitCatalog.loadDefault();
        CivilLimits limits = new CivilLimits(config.getLong("CIVIL_MAX_DOCUMENT_BYTES", config.maxBodyBytes()),
                config.getLong("CIVIL_MAX_ATTACHMENT_BYTES", 5 * CivilLimits.MB), config.getInt("CIVIL_MAX_ATTACHMENTS", 20),
                CivilLimits.defaults().maxJsonDepth());
        CivilDossierProcessor processor = new CivilDossierProcessor(new CatalogAddressNormalizer(units), units,
                ModuleCatalog.load(), limits);

        FileStore results = new FileStore(Path.of(config.get("RESULT_STORE_DIR",
                config.dataDir().resolve("results").toString())), ".pdf", ctx.cipher());
        FileStore waitingBodies = new FileStore(Path.of(config.get("CIVIL_AWAITING_DIR",
                config.dataDir().resolve("awaiting").toString())), ".json", ctx.cipher());
        ResultRecords resultRecords = new ResultRecords(ctx.ledger());
        RelaySettings defaults = RelaySettings.defaults();
        RelaySettings relaySettings = new RelaySettings(config.get("CIVIL_OFFICER_NAME", defaults.nguoiXuLy()),
                config.get("CIVIL_OFFICER_TITLE", defaults.chucDanh()), config.get("CIVIL_DEPARTMENT", defaults.phongBanXuLy()),
                config.getInt("CIVIL_PROCESSING_DAYS", defaults.processingDays()));
        StatusRelay relay = new StatusRelay(new StatusOutbox(ctx.ledger()), new DossierMetaStore(ctx.ledger()),
                ctx.ledger(), results, resultRecords, ctx.clock(), relaySettings);
        // a claim outlives a token call and a status call at the upstream timeout (connect + answer each)
        int upstreamTimeoutMs = config.getInt("UPSTREAM_TIMEOUT_MS", config.getInt("PMHT_TIMEOUT_MS", 10_000));
        relay.setClaimLease(Duration.ofSeconds(positive(config, "DVCLT_STATUS_CLAIM_SECONDS",
                (int) Math.ceil(4 * upstreamTimeoutMs / 1000.0) + 5)));
        ctx.property("civil.status.claim.ms", String.valueOf(relay.claimLeaseMillis()));
        AwaitingAcceptance awaiting = new AwaitingAcceptance(ctx.ledger());
        boolean autoAccept = config.getBoolean("CIVIL_AUTO_ACCEPT", true);
        ResultCertificates certificates = new ResultCertificates(results, resultRecords,
                config.getLong("RESULT_MAX_BYTES", 5 * CivilLimits.MB));

        ctx.bind("civilIntake", new CivilIntake(processor, ctx.ledger(), ctx.clock(), relay,
                new CivilIntake.Acceptance(autoAccept, awaiting, waitingBodies)));
        CivilDispatch dispatch = new CivilDispatch(ctx.ledger(), new DispatchClaims(ctx.ledger()), relay, ctx.clock());
        ctx.bind("civilDispatch", dispatch);
        ctx.onDeadLetter("civil.dispatch", letter -> dispatch.deadLettered(letter.header("maHoSo"),
                letter.header("contentVersion"), letter.cause()));
        ctx.bind("civilAcceptance", new CivilAcceptance(ctx.ledger(), awaiting, waitingBodies, relay, ctx.clock()));
        ctx.bind("statusRelay", relay);
        CivilMessages.bind(ctx, relay);
        ctx.bind("civilResultStore", results); // for the retention job (OpsModule)
        ctx.bind("civilAwaitingStore", waitingBodies);
        ctx.bind("resultCertificates", certificates);
        DvcltAuth dvcltAuth = new DvcltAuth(config.get("DVCLT_USER", "sandbox"), config.get("DVCLT_PASSWORD", "sandbox"), ctx.clock(),
                Duration.ofSeconds(config.getInt("DVCLT_TOKEN_LIFETIME_SECONDS", 1800)),
                Duration.ofSeconds(config.getInt("DVCLT_TOKEN_REFRESH_MARGIN_SECONDS", 60)));
        ctx.bind("dvcltAuth", dvcltAuth);
        ctx.metrics().counter("gateway_token_refreshes_total", "Session tokens fetched from an upstream (logins)",
                dvcltAuth::logins, "upstream", "dvclt");
        ctx.bind("dvcltPull", new DvcltPull(ctx.ledger(), new DvcltIntakeLog(ctx.ledger()), ctx.clock()));
        ctx.bind("pmhtPoller", new PmhtStatusPoller(ctx.ledger(), new PollLedger(ctx.ledger()), relay, certificates,
                ctx.clock(), new PmhtStatusPoller.Settings(positive(config, "PMHT_POLL_BATCH_SIZE", 50),
                positive(config, "PMHT_POLL_MAX_PER_RUN", 2000), positive(config, "PMHT_UNKNOWN_AFTER_POLLS", 3))));

        ctx.upstreamUrl("pmht", config.get("PMHT_URL", null));
        ctx.upstreamUrl("dvclt", config.get("DVCLT_URL", null));
        ctx.property("pmht.url", config.get("PMHT_URL", null));
        ctx.property("pmht.user", config.get("PMHT_USER", "sandbox"));
        ctx.property("pmht.password", config.get("PMHT_PASSWORD", "sandbox"));
        ctx.property("pmht.push.path.v3", config.get("PMHT_PUSH_PATH_V3", "/v3/hoso"));
        ctx.property("pmht.push.path.v1", config.get("PMHT_PUSH_PATH_V1", "/v1/hoso"));
        ctx.property("pmht.status.path", statusPath);
        ctx.property("civil.intake.consumers", String.valueOf(config.getInt("CIVIL_INTAKE_CONSUMERS", 2)));
        ctx.property("civil.dispatch.consumers", String.valueOf(config.getInt("CIVIL_DISPATCH_CONSUMERS", 4)));
        ctx.property("dvclt.url", config.get("DVCLT_URL", null));
        ctx.property("dvclt.token.path", config.get("DVCLT_TOKEN_PATH", "/api/GetToken"));
        ctx.property("dvclt.list.path", config.get("DVCLT_LIST_PATH", "/api/LayDanhSachHoSo"));
        ctx.property("dvclt.detail.path", config.get("DVCLT_DETAIL_PATH", "/api/hosolienthong"));
        ctx.property("dvclt.ack.path", config.get("DVCLT_ACK_PATH", "/api/XacNhanNhanHoSo"));
        ctx.property("dvclt.status.path", config.get("DVCLT_STATUS_PATH", "/api/CapNhatTrangThaiHoSo"));
        schedule(ctx, "civil.dvclt.pull", config.get("DVCLT_PULL_CRON", DEFAULT_PULL_CRON), DEFAULT_PULL_CRON);
        schedule(ctx, "civil.pmht.poll", config.get("PMHT_POLL_CRON", DEFAULT_POLL_CRON), DEFAULT_POLL_CRON);
        schedule(ctx, "civil.status.sweep", config.get("DVCLT_STATUS_SWEEP_CRON", DEFAULT_SWEEP_CRON), DEFAULT_SWEEP_CRON);
        ctx.property("civil.status.sweep.after", String.valueOf(config.getInt("DVCLT_STATUS_SWEEP_AFTER_SECONDS", 120)));
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

    private static int positive(GatewayConfig config, String name, int defaultValue) {
        int v = config.getInt(name, defaultValue);
        if (v < 1) {
            throw new ConfigException(name + " must be at least 1, got " + v);
        }
        return v;
    }
}
