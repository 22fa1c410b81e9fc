package vn.lienthong.gateway.acceptance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.ResultRecords;
import vn.lienthong.gateway.ledger.StatusOutbox;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.LaunchCommand;
import vn.lienthong.gateway.platform.Setting;

import static vn.lienthong.gateway.platform.Settings.declared;

/**
 * Go-live acceptance (seed 000, docs/go-live.md): offers {@code bin/gateway --acceptance test|production [--new]}
 * and the read API over its runs. It drives the gateway only through its queues and reads the ledger: it imports no
 * flow (settings of the civil flow are read by name).
 */
public final class AcceptanceModule implements FlowModule {

    static final List<String> MODES = List.of("test", "production");

    @Override
    public int order() {
        return 5; // before civil: publishes a shorter PMHT poll schedule for the process that runs the acceptance
    }

    @Override
    public List<Setting> settings() {
        return AcceptanceVariables.ALL;
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        if (config.get(AcceptanceVariables.ACCEPTANCE_RUN) != null) {
            ctx.publishDefaults(Map.of("PMHT_POLL_CRON", config.get(AcceptanceVariables.ACCEPTANCE_POLL_CRON)));
        }
        AcceptanceStore store = new AcceptanceStore(ctx.dataSource(), ctx.clock());
        ctx.bind("acceptanceApi", new AcceptanceApi(store));
        ctx.contribute(LaunchCommand.class, "--acceptance", (args, out) -> run(ctx, store, args, out,
                Duration.ofSeconds(1)));
    }

    /** The command: checks the mode against the environment, then runs (or resumes) and reports. 0 when all passed. */
    static int run(FlowContext ctx, AcceptanceStore store, List<String> args, PrintStream out, Duration tick) throws Exception {
        GatewayConfig config = ctx.config();
        String mode = args.isEmpty() ? "" : args.get(0);
        String env = config.environmentName();
        if (!MODES.contains(mode)) {
            out.println("Usage: bin/gateway --acceptance test|production [--new]   (docs/go-live.md)");
            return 2;
        }
        if ("test".equals(mode) && "production".equals(env)) {
            out.println("Refused: the test cases never run on production (GATEWAY_ENV=production). The reduced"
                    + " production run is asked for by name: bin/gateway --acceptance production");
            return 2;
        }
        if ("production".equals(mode) && "test".equals(env)) {
            out.println("Refused: the production run targets the production environment; on the test environment"
                    + " run bin/gateway --acceptance test");
            return 2;
        }
        String unit = config.get(AcceptanceVariables.ACCEPTANCE_UNIT);
        if ("production".equals(mode) && "production".equals(env) && config.get("ACCEPTANCE_UNIT", "").isBlank()) {
            out.println("Refused: set ACCEPTANCE_UNIT to the production unit agreed with the Ministry for the smoke run"
                    + " (the test unit " + unit + " exists only on the test environment)");
            return 2;
        }
        if (!"production".equals(env) && !config.get(declared("CIVIL_TEST_UNITS")).contains(unit + "=")) {
            out.println("Note: ACCEPTANCE_UNIT=" + unit + " is not in CIVIL_TEST_UNITS: the catalogue decides whether it"
                    + " is valid at today's date");
        }
        Officer officer = config.isSandbox()
                ? new Officer.Simulated(config.get(declared("PMHT_URL")), out) : new Officer.Person(out);
        if (!config.isSandbox()) {
            out.println("PMHT's officer works at " + config.get(AcceptanceVariables.ACCEPTANCE_PMHT_WEB)
                    + " with the account of unit " + unit + "; keep this window open.");
        }
        Path reports = Path.of(config.get(AcceptanceVariables.ACCEPTANCE_REPORT_DIR,
                config.dataDir().resolve("acceptance").toString()));
        FileStore certificates = new FileStore(Path.of(config.get(declared("RESULT_STORE_DIR"),
                config.dataDir().resolve("results").toString())), ".pdf", ctx.cipher());
        AcceptanceRunner.Wiring wiring = new AcceptanceRunner.Wiring(ctx.ledger(), new StatusOutbox(ctx.ledger()),
                new ResultRecords(ctx.ledger()), certificates, ctx::connectionFactory, store, reports, ctx.clock(),
                config.get(AcceptanceVariables.ACCEPTANCE_PMHT_WEB));
        AcceptanceRunner runner = new AcceptanceRunner(wiring, officer, out,
                Duration.ofSeconds(config.getLong(AcceptanceVariables.ACCEPTANCE_STEP_TIMEOUT_SECONDS)), tick);
        AcceptanceStore.Run run = runner.run(mode, env, unit, args.contains("--new"));
        boolean allPassed = store.cases(run.id()).stream().allMatch(c -> "PASSED".equals(c.result()));
        return allPassed ? 0 : 1;
    }
}
