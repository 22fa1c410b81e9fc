package vn.lienthong.gateway.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from the test's own classpath (gateway nodes, the sandbox), its output appended to a log file
 * under target/cluster-logs. Killed with SIGKILL on {@link #kill()}: no shutdown hook runs, as in a crash.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildJvm start(String name, String mainClass, Map<String, String> env, List<String> jvmArgs)
            throws IOException {
        Path logs = Path.of("target", "cluster-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // a clean environment of gateway variables: only what the caller gives
        pb.environment().keySet().removeIf(k -> k.startsWith("BROKER_") || k.startsWith("DB_") || k.startsWith("PMHT_")
                || k.startsWith("HTTP_") || k.startsWith("MANAGEMENT_") || k.startsWith("GATEWAY_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        ChildJvm child = new ChildJvm(name, p, log);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return child;
    }

    /** The test JVM's classpath (surefire gives it in surefire.test.class.path when it uses a booter jar). */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        // relative entries would break if the child's working directory differed; make them absolute
        List<String> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(new File(e).getAbsolutePath());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** kill -9: no shutdown hook, no graceful stop, in-flight transactions are cut. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, waiting for the graceful shutdown; forced after the timeout. */
    public void stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }
}
