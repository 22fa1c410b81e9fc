package vn.lienthong.gateway.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox simulators as a process of their own, so that several gateway nodes (started with
 * {@code SANDBOX_SIMULATORS=false} and {@code PMHT_URL=http://host:port/pmht}) talk to the same upstream, as they
 * would in production. Settings (environment): {@code SANDBOX_HOST} (127.0.0.1), {@code PMHT_SIM_PORT} (8091),
 * {@code PMHT_USER}/{@code PMHT_PASSWORD} (sandbox),
 * {@code DVCLT_SIM_PORT} (8094), {@code DVCLT_USER}/{@code DVCLT_PASSWORD}. Prints one line {@code SANDBOX READY pmht=<port>} when up.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = env("SANDBOX_HOST", "127.0.0.1");
        List<AutoCloseable> running = new ArrayList<>();
        PmhtSimulator pmht = new PmhtSimulator(host, Integer.parseInt(env("PMHT_SIM_PORT", "8091")),
                env("PMHT_USER", "sandbox"), env("PMHT_PASSWORD", "sandbox")).start();
        running.add(pmht);
        DvcltSimulator dvclt = new DvcltSimulator(host, Integer.parseInt(env("DVCLT_SIM_PORT", "8094")),
                env("DVCLT_USER", "sandbox"), env("DVCLT_PASSWORD", "sandbox"), java.time.Clock.systemUTC(),
                java.time.Duration.ofSeconds(Long.parseLong(env("DVCLT_SIM_TOKEN_SECONDS", "600")))).start();
        running.add(dvclt);
        // more simulators (MOLISA, DVCQG, DHIS2) are added here as their flows need a shared upstream
        System.out.println("SANDBOX READY pmht=" + pmht.port() + " dvclt=" + dvclt.port());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Collections.reverse(running);
            for (AutoCloseable c : running) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // stopping anyway
                }
            }
            stopped.countDown();
        }, "sandbox-shutdown"));
        stopped.await();
    }

    private static String env(String name, String defaultValue) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? defaultValue : v;
    }
}
