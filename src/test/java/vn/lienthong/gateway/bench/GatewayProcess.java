package vn.lienthong.gateway.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;
import vn.lienthong.gateway.support.FreePorts;

/**
 * The gateway under test in its own JVM, started exactly as bin/gateway starts it
 * ({@code java -Xmx512m -cp target/classes:target/lib/* GatewayMain}), so its heap limit is real and the
 * benchmark's own load generator and PMHT endpoint do not share its heap. Observed from outside: readiness over
 * HTTP, memory over JMX (attach API, no port opened) and /proc/PID/status, routes stopped/started over JMX.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Gateway ready in (\\d+) ms");

    final int httpPort;
    final int brokerPort;
    final Path log;
    private final Process process;
    private final long spawnNanos;
    private long readyNanos;
    private JMXConnector jmx;
    private MBeanServerConnection mbeans;

    private GatewayProcess(Process process, long spawnNanos, int httpPort, int brokerPort, Path log) {
        this.process = process;
        this.spawnNanos = spawnNanos;
        this.httpPort = httpPort;
        this.brokerPort = brokerPort;
        this.log = log;
    }

    private static vn.lienthong.gateway.sandbox.DvcltSimulator dvclt;

    private static synchronized vn.lienthong.gateway.sandbox.DvcltSimulator dvclt() {
        if (dvclt == null) {
            dvclt = new vn.lienthong.gateway.sandbox.DvcltSimulator("127.0.0.1", 0, "sandbox", "sandbox",
                    java.time.Clock.systemUTC(), java.time.Duration.ofHours(1)).start();
        }
        return dvclt;
    }

    /** DVCLT status updates the stand-in received so far, from every gateway of this run. */
    static long dvcltUpdates() {
        return dvclt().statusUpdateCount();
    }

    static GatewayProcess start(Path dataDir, Path log, String pmhtUrl, String xmx, List<String> extraJvmArgs)
            throws IOException {
        int httpPort = FreePorts.next();
        int brokerPort = FreePorts.next();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@bin/jvm.options"); // as bin/gateway: what is measured is what runs
        cmd.add("-Xmx" + xmx);
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        // as bin/gateway: the jar (class-data sharing archives classes from jars, not from directories)
        cmd.add("target/lienthong-gateway.jar:target/lib/*");
        cmd.add("vn.lienthong.gateway.platform.GatewayMain");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        // The caller's environment passes through (e.g. CIVIL_DISPATCH_CONSUMERS=8 to try a knob); these are fixed.
        env.put("GATEWAY_ENV", "sandbox");
        env.put("SANDBOX_SIMULATORS", "false");
        env.put("PMHT_URL", pmhtUrl);
        // the lifecycle relays 1, 3 and 7 of every dossier to DVCLT: part of the full path, so a real DVCLT
        // simulator answers them (without one each update would fail and be redelivered, burning CPU)
        env.put("DVCLT_URL", "http://127.0.0.1:" + dvclt().port() + "/dvclt");
        env.put("DATA_DIR", dataDir.toString());
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("EMBEDDED_BROKER_ACCEPTOR", "tcp://127.0.0.1:" + brokerPort);
        Files.createDirectories(dataDir);
        long t0 = System.nanoTime();
        return new GatewayProcess(pb.start(), t0, httpPort, brokerPort, log);
    }

    /**
     * The peer ({@link PlainPipeline}) in its own JVM with the same heap limit and class path (plus the benchmark's
     * classes); ready when it prints {@link PlainPipeline#READY}.
     */
    static GatewayProcess startPeer(Path dataDir, Path log, String pmhtUrl, String xmx, int consumers)
            throws Exception {
        int brokerPort = FreePorts.next();
        Files.createDirectories(dataDir);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx,
                "-cp", "target/lienthong-gateway.jar:target/lib/*:target/test-classes",
                PlainPipeline.class.getName(), dataDir.toString(), String.valueOf(brokerPort), pmhtUrl,
                String.valueOf(consumers));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GatewayProcess peer = new GatewayProcess(p, t0, -1, brokerPort, log);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains(PlainPipeline.READY)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                peer.close();
                throw new IllegalStateException("plain pipeline did not start, see " + log);
            }
            Thread.sleep(20);
        }
        peer.readyNanos = System.nanoTime();
        return peer;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the HTTP API answers (routes running); returns milliseconds from spawn. */
    long awaitReady(long timeoutMillis) throws Exception {
        long deadline = spawnNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        URI probe = URI.create("http://127.0.0.1:" + httpPort + "/api/dossiers/bench-readiness-probe");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + ", see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) probe.toURL().openConnection();
                c.setConnectTimeout(200);
                c.setReadTimeout(2000);
                int code = c.getResponseCode();
                c.disconnect();
                // 401: the API answers behind its client-token check (installed once the routes run)
                if (code == 404 || code == 200 || code == 401) {
                    readyNanos = System.nanoTime();
                    return (readyNanos - spawnNanos) / 1_000_000;
                }
            } catch (IOException notYet) {
                // port not open yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("gateway not ready within " + timeoutMillis + " ms, see " + log);
    }

    /** The gateway's own "Gateway ready in N ms" (from its start() call, i.e. without JVM start), or -1. */
    long loggedReadyMillis() throws Exception {
        // the HTTP server answers a few ms before the line is logged
        for (int i = 0; i < 100; i++) {
            Matcher m = READY.matcher(Files.readString(log));
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
            Thread.sleep(20);
        }
        return -1;
    }

    private MBeanServerConnection mbeans() throws Exception {
        if (mbeans == null) {
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
            mbeans = jmx.getMBeanServerConnection();
        }
        return mbeans;
    }

    void stopRoute(String routeId) throws Exception {
        invokeRoute(routeId, "stop");
    }

    void startRoute(String routeId) throws Exception {
        invokeRoute(routeId, "start");
    }

    private void invokeRoute(String routeId, String operation) throws Exception {
        Set<ObjectName> names = mbeans().queryNames(
                new ObjectName("org.apache.camel:context=*,type=routes,name=\"" + routeId + "\""), null);
        if (names.isEmpty()) {
            throw new IllegalStateException("route " + routeId + " not found over JMX");
        }
        mbeans().invoke(names.iterator().next(), operation, null, null);
    }

    record Memory(long heapUsed, long heapCommitted, long heapMax, long rssKb, long hwmKb, long gcCount, long gcMillis) {
    }

    Memory memory() throws Exception {
        MemoryMXBean mem = ManagementFactory.newPlatformMXBeanProxy(mbeans(), ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        var heap = mem.getHeapMemoryUsage();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getPlatformMXBeans(mbeans(), GarbageCollectorMXBean.class)) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long rss = -1;
        long hwm = -1;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kb(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kb(line);
            }
        }
        return new Memory(heap.getUsed(), heap.getCommitted(), heap.getMax(), rss, hwm, gcCount, gcMillis);
    }

    private static long kb(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    /** CPU time (user + system) the gateway process used so far, from /proc/PID/stat (clock ticks of 10 ms). */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /**
     * CPU time so far of the gateway's JIT compiler threads ([0]) and garbage collector threads ([1]), from
     * /proc/PID/task/TID/stat: how much of {@link #cpuMillis} is the JVM warming up or collecting rather than the
     * gateway's own work. (A compiler thread the JVM retires takes its time out of [0]; the process total keeps it.)
     */
    long[] jitAndGcCpuMillis() throws IOException {
        long jit = 0;
        long gc = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
                if (comm.contains("CompilerThre")) {
                    jit += ms;
                } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                    gc += ms;
                }
            }
        }
        return new long[] {jit, gc};
    }

    /** CPU time of this (the benchmark's) JVM: producers, PMHT endpoint. */
    static long ownCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (the gateway's shutdown hook closes Camel, database and broker), then kill after 60 s. */
    @Override
    public void close() throws Exception {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException ignored) {
                // the process may already be gone
            }
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

}
