package vn.lienthong.gateway.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs scripts/infra.sh: a standalone Artemis broker and PostgreSQL on loopback, as in production. */
public final class ExternalInfra {

    private ExternalInfra() {
    }

    /**
     * A separate instance (own directory, broker and database ports) that a test may kill and restart without
     * disturbing the shared one; it shares the Artemis distribution with the default instance.
     */
    public record Instance(String name, int brokerPort, int pgPort, long redeliveryDelayMs) {

        public Map<String, String> scriptEnv() {
            String shared = System.getenv().getOrDefault("INFRA_DIR", "/tmp/lienthong-infra");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ARTEMIS_DIST_DIR", System.getenv().getOrDefault("ARTEMIS_DIST_DIR", shared));
            env.put("INFRA_DIR", shared + "-" + name);
            env.put("ARTEMIS_PORT", String.valueOf(brokerPort));
            env.put("PG_PORT", String.valueOf(pgPort));
            env.put("REDELIVERY_DELAY_MS", String.valueOf(redeliveryDelayMs));
            return env;
        }

        /** Runs one infra.sh command on this instance; returns the KEY=value lines it printed. */
        public Map<String, String> run(String... args) throws Exception {
            return runCommand(scriptEnv(), args);
        }
    }

    /** Starts (or reuses) the infrastructure and returns the gateway variables that point at it. */
    public static Map<String, String> start() throws Exception {
        return run("start");
    }

    public static void run(String... args) throws Exception {
        runCommand(Map.of(), args);
    }

    private static Map<String, String> run(String command) throws Exception {
        return runCommand(Map.of(), command);
    }

    private static Map<String, String> runCommand(Map<String, String> scriptEnv, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "scripts/infra.sh";
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(scriptEnv);
        Process p = pb.start();
        Map<String, String> env = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+")) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("scripts/infra.sh " + String.join(" ", args) + " failed:\n" + output);
        }
        return env;
    }
}
