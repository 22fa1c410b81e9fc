package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.FreePorts;

/** An HTTP route added without a declared access scope makes the gateway refuse to start, leaving nothing open. */
class UndeclaredRouteTest {

    @TempDir
    Path routes;

    @Test
    void aRouteWithoutADeclaredScopeRefusesTheStart() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        Files.writeString(routes.resolve("extra.camel.yaml"), """
                - route:
                    id: test.undeclared
                    from:
                      uri: platform-http:/api/civil/extra
                      steps:
                        - setBody:
                            constant: "{}"
                """);
        int port = FreePorts.next();
        Throwable refused = catchThrowable(() -> GatewayHarness.start(Map.of("ROUTES_DIR", routes.toString(),
                "HTTP_PORT", String.valueOf(port))).close());
        assertThat(refused).isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString()).contains("test.undeclared").contains("without a declared access scope");
        // nothing stays half-started: the HTTP port is free again
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.isBound()).isTrue();
        }
    }

    @Test
    void aFlowThatCannotStartLeavesNoBrokerAndNoPortBehind() throws Exception {
        int port = FreePorts.next();
        Throwable refused;
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // the sandbox's DHIS2 stand-in starts after the broker and the database: its port is taken
            refused = catchThrowable(() -> GatewayHarness.start(Map.of("HTTP_PORT", String.valueOf(port),
                    "DHIS2_SIM_PORT", String.valueOf(taken.getLocalPort()))).close());
        }
        assertThat(refused).isNotNull().hasMessageContaining("DHIS2 simulator cannot listen");
        // the embedded broker stopped with it: a later gateway in this JVM never meets its in-VM acceptor
        Throwable inVm = catchThrowable(() -> new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                vn.lienthong.gateway.platform.EmbeddedBroker.IN_VM_URL).createConnection().close());
        assertThat(inVm).as("an in-VM connection after the failed start").isNotNull();
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.isBound()).isTrue();
        }
    }
}
