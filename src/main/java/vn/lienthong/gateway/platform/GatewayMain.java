package vn.lienthong.gateway.platform;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Entry point: starts the gateway on its configuration and keeps it up until the process is stopped. */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<String> flags = Arrays.asList(args);
        int launch = flags.indexOf("--acceptance");
        if (launch >= 0) {
            // tells the module offering the command that this process runs it (e.g. shorter poll schedules)
            config = config.withDefaults(java.util.Map.of("ACCEPTANCE_RUN", launch + 1 < args.length ? args[launch + 1] : ""));
        }
        System.out.println("=== Lien thong gateway, environment: " + config.environmentName().toUpperCase() + " ===");
        Gateway gateway;
        try {
            gateway = new Gateway(config).start();
        } catch (ConfigException e) {
            // a flow found a setting missing at start (e.g. DVCQG_SS_URL outside the sandbox)
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (launch >= 0) {
            LaunchCommand command = gateway.contributions(LaunchCommand.class).get("--acceptance");
            // Ctrl+C: the run's state is in the database; close the broker and database cleanly, once
            java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable close = () -> {
                if (closed.compareAndSet(false, true)) {
                    gateway.close();
                }
            };
            Runtime.getRuntime().addShutdownHook(new Thread(close, "gateway-shutdown"));
            int code;
            try {
                code = command == null ? 2 : command.run(flags.subList(launch + 1, flags.size()), System.out);
            } finally {
                close.run();
            }
            System.exit(code);
            return;
        }
        if (flags.contains("--demo") || flags.contains("--demo-once")) {
            if (config.get(PlatformVariables.HTTP_TLS_KEYSTORE) != null) {
                System.err.println("The demo posts over plain HTTP: run it without HTTP_TLS_KEYSTORE");
            } else {
                String host = "0.0.0.0".equals(config.httpHost()) ? "127.0.0.1" : config.httpHost();
                String base = "http://" + host + ":" + config.httpPort();
                new SampleDemo(gateway.ledger(), base, gateway.devToken(), System.out)
                        .run(Path.of(config.get(PlatformVariables.SAMPLES_DIR)));
                // the sandbox's default console users exist only while CONSOLE_USERS is not set (ops/ConsoleAuth;
                // GatewayConfig fills it from CONSOLE_USERS_FILE too)
                System.out.println(SampleDemo.consoleHint(base, config.isSandbox()
                        && config.get("CONSOLE_USERS", null) == null));
            }
            if (flags.contains("--demo-once")) {
                gateway.close();
                return;
            }
            System.out.println("Gateway stays up (Ctrl+C to stop). HTTP on port " + config.httpPort());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        stopped.await();
    }
}
