package vn.lienthong.gateway.health;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.Setting;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vn.lienthong.gateway.health.Dhis2Pull;
import vn.lienthong.gateway.health.Dhis2Push;
import vn.lienthong.gateway.health.Dhis2Settings;
import vn.lienthong.gateway.ledger.PayloadRetention;

/**
 * Wiring of the health-evidence flow (routes/health.camel.yaml, DOMAIN.md F7, seed 004): hospital birth
 * certificates and death notices (HIS push over HTTP/JMS, Excel import), DHIS2 deaths pulled daily and
 * registrations shared back, and the lookups and enrichment the civil flow uses.
 */
@Wiring
public final class HealthModule implements FlowModule {

    @Override
    public int order() {
        return 40;
    }

    @Override
    public String flow() {
        return "health";
    }

    @Override
    public List<Setting> settings() {
        return HealthVariables.ALL;
    }

    @Override
    public List<String> queues() {
        return List.of("health.birth.inbound", "health.death.inbound", "health.invalid", "health.dhis2.pull",
                "health.dhis2.registered", "civil.registration.events");
    }

    @Override
    public List<String> upstreams() {
        return List.of("dhis2");
    }

    @Override
    public void configure(FlowContext ctx) throws Exception {
        GatewayConfig config = ctx.config();
        boolean dhis2 = config.getBoolean(HealthVariables.DHIS2_ENABLED);
        // outside the sandbox, the DHIS2 ids declared required (HealthVariables), unless DHIS2_ENABLED=false
        List<String> missing = config.missingOutsideSandbox(HealthVariables.ALL, Setting.Requirement.WHEN_FLOW_STARTS);
        if (!missing.isEmpty()) {
            throw new ConfigException("GATEWAY_ENV=" + config.environmentName() + " requires " + String.join(", ", missing)
                    + " (the DHIS2 program, stage and data element ids of the death book), or DHIS2_ENABLED=false");
        }

        EvidenceStore store = new EvidenceStore(ctx.dataSource(), ctx.clock(), ctx.cipher());
        EvidenceIntake intake = new EvidenceIntake(new EvidenceRules(ctx.clock()), store, ctx.clock());
        EvidenceLookup lookup = new EvidenceLookup(store);
        ctx.bind("healthIntake", intake);
        ctx.bind("evidenceStore", store);
        ctx.bind("evidenceLookup", lookup);
        // called by routes/civil.camel.yaml: enrichment before validation
        ctx.bind("birthDossierEnricher", new BirthDossierEnricher(lookup, store, ctx.ledger()));
        // reserved / used / released from the civil flow's registration events (health.registration-event: at once,
        // or from the queue)
        EvidenceUsage usage = new EvidenceUsage(store, ctx.ledger());
        ctx.bind("evidenceUsage", usage);
        ctx.bind("registrationEventStep", HealthSteps.registrationEvent(new RegistrationEvents(usage, ctx.clock())));

        Path importDir = Path.of(config.get(HealthVariables.HEALTH_IMPORT_DIR, config.dataDir().resolve("health-import").toString()));
        Files.createDirectories(importDir);
        ExcelImport excel = new ExcelImport(intake, new ExcelImport.Limits(
                config.getLong(HealthVariables.HEALTH_IMPORT_MAX_BYTES),
                config.getInt(HealthVariables.HEALTH_IMPORT_MAX_ROWS),
                config.getLong(HealthVariables.HEALTH_IMPORT_MAX_ENTRY_BYTES)), importDir, ctx.clock());
        ctx.bind("excelImport", excel);
        // the retention job (ops) also purges evidence and sweeps kept import files
        ctx.contribute(PayloadRetention.Purger.class, "evidence", store::purgePersonalData);
        ctx.contribute(PayloadRetention.Sweeper.class, "healthImportFiles", excel::deleteKeptFilesOlderThan);

        Map<String, String> elements = new LinkedHashMap<>();
        for (String role : HealthVariables.ROLES) {
            String id = config.get(HealthVariables.DATA_ELEMENTS.get(role),
                    config.isSandbox() ? Dhis2Settings.SANDBOX_ELEMENTS.get(role) : null);
            if (id != null && !"none".equalsIgnoreCase(id)) {
                elements.put(role, id);
            }
        }
        Dhis2Settings settings = new Dhis2Settings(config.get(HealthVariables.DHIS2_PROGRAM),
                config.get(HealthVariables.DHIS2_STAGE), config.getInt(HealthVariables.DHIS2_PAGE_SIZE),
                config.getInt(HealthVariables.DHIS2_MAX_PAGES), Map.copyOf(elements));
        // unset only with DHIS2_ENABLED=false outside the sandbox (else required, or the simulator's): never called then
        Dhis2Client dhis2Client = new Dhis2Client(ctx.upstreamHttp("dhis2",
                stripSlash(config.get(HealthVariables.DHIS2_URL, "http://dhis2.disabled.invalid"))),
                config.get(HealthVariables.DHIS2_USER), config.get(HealthVariables.DHIS2_PASSWORD));
        ctx.bind("dhis2Pull", new Dhis2Pull(intake, store, dhis2Client, settings,
                config.get(HealthVariables.DHIS2_PULL_SINCE), usage));
        ctx.bind("dhis2Push", new Dhis2Push(store, dhis2Client, settings, ctx.clock(),
                Duration.ofMinutes(config.getInt(HealthVariables.DHIS2_PUSH_REQUEUE_MINUTES))));

        ctx.property("health.import.dir", importDir.toAbsolutePath().toString());
        // health.import.poll.ms, consumers, dhis2.enabled, the pull's cron (daily after 18:00, Vietnam time: seed 004
        // solution 4.1) and the push period reach the routes from HealthVariables (Setting.property)
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
