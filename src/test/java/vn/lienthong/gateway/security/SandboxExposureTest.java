package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.platform.Gateway;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.support.ProductionEnv;
import vn.lienthong.gateway.support.FreePorts;

/**
 * GATEWAY_ENV unset means the sandbox: a public development token, console users operator/operator, the sandbox data
 * key. Such a gateway started with default addresses must not be reachable from the network: every listener (main
 * HTTP server, management server, simulators) is probed on each non-loopback address of this machine and read from
 * the kernel's table of listening sockets. Outside the sandbox API_DEV_TOKEN is ignored, with a WARN.
 */
class SandboxExposureTest {

    @Test
    void aSandboxStartedWithDefaultAddressesListensOnLoopbackOnly() throws Exception {
        Map<String, Integer> listeners = new LinkedHashMap<>();
        Map<String, String> env = new HashMap<>();
        // no GATEWAY_ENV, HTTP_HOST or MANAGEMENT_HOST: the defaults are what is tested
        String id = UUID.randomUUID().toString().substring(0, 8);
        env.put("DATA_DIR", Path.of("target", "test-data", id).toString());
        env.put("DB_URL", "jdbc:hsqldb:mem:gw" + id + ";hsqldb.tx=mvcc");
        // the broker's acceptor has a fixed default port (61616) another test may hold: its default address is
        // checked by GatewayConfigTest
        env.put("EMBEDDED_BROKER_ACCEPTOR", "none");
        for (String port : List.of("HTTP_PORT", "MANAGEMENT_PORT", "PMHT_SIM_PORT", "DVCLT_SIM_PORT", "MOLISA_SIM_PORT",
                "DVCQG_SIM_PORT", "DHIS2_SIM_PORT")) {
            int p = FreePorts.next();
            env.put(port, String.valueOf(p));
            listeners.put(port, p);
        }
        for (String cron : List.of("DVCLT_PULL_CRON", "PMHT_POLL_CRON", "DVCLT_STATUS_SWEEP_CRON")) {
            env.put(cron, "off");
        }
        List<InetAddress> external = nonLoopbackAddresses();
        try (Gateway gateway = new Gateway(GatewayConfig.of(env)).start()) {
            assertThat(gateway.config().isSandbox()).isTrue();
            assertThat(gateway.devToken()).as("the sandbox's public development token is on").isNotNull();
            List<String> exposed = new ArrayList<>();
            boolean checked = false;
            for (var listener : listeners.entrySet()) {
                assertThat(connects(InetAddress.getLoopbackAddress(), listener.getValue()))
                        .as(listener.getKey() + " answers on loopback").isTrue();
                for (InetAddress address : external) {
                    checked = true;
                    if (connects(address, listener.getValue())) {
                        exposed.add(listener.getKey() + " reachable on " + address.getHostAddress());
                    }
                }
                List<String> bound = listeningAddresses(listener.getValue());
                if (!bound.isEmpty()) {
                    checked = true;
                    bound.stream().filter(a -> !isLoopbackHex(a))
                            .forEach(a -> exposed.add(listener.getKey() + " bound to " + a + " (/proc/net)"));
                }
            }
            assumeTrue(checked, "no non-loopback address and no /proc/net/tcp: nothing to probe on this machine");
            assertThat(exposed).as("sandbox listeners reachable from the network").isEmpty();
        }
    }

    /** The probe sees a listener on every interface: so the test above can fail. */
    @Test
    void theProbeSeesAListenerBoundToEveryInterface() throws Exception {
        try (ServerSocket wildcard = new ServerSocket()) {
            wildcard.bind(new InetSocketAddress("0.0.0.0", 0));
            List<InetAddress> external = nonLoopbackAddresses().stream().filter(a -> !(a instanceof Inet6Address)).toList();
            for (InetAddress address : external) {
                assertThat(connects(address, wildcard.getLocalPort())).as(address.getHostAddress()).isTrue();
            }
            List<String> bound = listeningAddresses(wildcard.getLocalPort());
            if (!bound.isEmpty()) {
                assertThat(bound).anySatisfy(a -> assertThat(isLoopbackHex(a)).isFalse());
            }
            assumeTrue(!external.isEmpty() || !bound.isEmpty(), "nothing to probe on this machine");
        }
    }

    @Test
    void outsideTheSandboxApiDevTokenIsIgnoredWithAWarning() throws Exception {
        String token = "dev-token-" + UUID.randomUUID();
        Map<String, String> env = UpstreamTlsTest.outsideTheSandbox();
        env.put("API_DEV_TOKEN", token);
        // an https PMHT: outsideTheSandbox's plain-HTTP one would need ALLOW_PLAIN_HTTP_UPSTREAMS
        env.put("PMHT_URL", ProductionEnv.required().get("PMHT_URL"));
        int httpPort = Integer.parseInt(env.get("HTTP_PORT"));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String answer;
        try (Gateway gateway = new Gateway(GatewayConfig.of(env)).start()) {
            assertThat(gateway.devToken()).isNull();
            answer = rawGet(httpPort, "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n");
        } finally {
            root.detachAppender(captured);
        }
        assertThat(answer).as("the development token opens nothing outside the sandbox").startsWith("HTTP/1.1 401");
        assertThat(captured.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("API_DEV_TOKEN is ignored", "GATEWAY_ENV=test"));
        assertThat(captured.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(token));
    }

    private static String rawGet(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean connects(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (ConnectException | SocketTimeoutException | NoRouteToHostException unreachable) {
            return false;
        }
    }

    /** This machine's own addresses other than loopback (IPv6 link-local left out: they need a scope to connect). */
    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** Local addresses (kernel hex) of the sockets listening on a TCP port, from /proc/net/tcp and tcp6 (Linux). */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> out = new ArrayList<>();
        String portHex = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            // read once: the table changes between two reads on a busy machine (subList then overran it)
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if ("0A".equals(fields[3]) && local[1].equalsIgnoreCase(portHex)) {
                    out.add(local[0]);
                }
            }
        }
        return out;
    }

    /** 127.x.x.x (little-endian hex: last byte 7F), ::1, or ::ffff:127.x.x.x. */
    private static boolean isLoopbackHex(String hex) {
        String h = hex.toUpperCase(Locale.ROOT);
        return h.length() == 8 && h.endsWith("7F")
                || h.equals("00000000000000000000000001000000")
                || h.length() == 32 && h.startsWith("0000000000000000FFFF0000") && h.endsWith("7F");
    }

}
