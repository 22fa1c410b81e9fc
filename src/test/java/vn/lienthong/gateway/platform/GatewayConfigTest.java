package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.sandbox.SandboxModule;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @Test
    void sandboxIsTheDefaultAndNeedsNoUpstreamSettings() {
        GatewayConfig config = GatewayConfig.of(Map.of());
        assertThat(config.environmentName()).isEqualTo("sandbox");
        // the sandbox module publishes the simulators' URLs as the upstream defaults
        assertThat(config.withDefaults(SandboxModule.upstreamDefaults(config)).get("PMHT_URL", null))
                .startsWith("http://127.0.0.1:");
    }

    @Test
    void productionRefusesToStartNamingEveryMissingVariable() {
        assertThatThrownBy(() -> GatewayConfig.of(Map.of("GATEWAY_ENV", "production")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PMHT_URL").hasMessageContaining("PMHT_USER").hasMessageContaining("PMHT_PASSWORD")
                .hasMessageContaining("DVCLT_URL").hasMessageContaining("DVCLT_USER").hasMessageContaining("DVCLT_PASSWORD");
        assertThatThrownBy(() -> GatewayConfig.of(Map.of("GATEWAY_ENV", "test", "PMHT_URL", "https://hotichdientu-dev.example",
                "PMHT_USER", "u")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PMHT_PASSWORD").hasMessageNotContaining("PMHT_URL");
    }

    @Test
    void molisaUpstreamIsRequiredOutsideTheSandboxAndDefaultsToItsSimulatorInside() {
        Map<String, String> env = vn.lienthong.gateway.support.ProductionEnv.required();
        env.remove("MOLISA_URL");
        env.remove("MOLISA_USER");
        env.remove("MOLISA_PASSWORD");
        assertThatThrownBy(() -> GatewayConfig.of(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MOLISA_URL").hasMessageContaining("MOLISA_USER").hasMessageContaining("MOLISA_PASSWORD")
                .hasMessageNotContaining("PMHT_");
        env.put("MOLISA_URL", "https://dvcbttxh.molisa.example");
        env.put("MOLISA_USER", "tinh");
        assertThatThrownBy(() -> GatewayConfig.of(env)).hasMessageContaining("MOLISA_PASSWORD").hasMessageNotContaining("MOLISA_URL");
        env.put("MOLISA_PASSWORD", "x");
        GatewayConfig production = GatewayConfig.of(env);
        assertThat(production.withDefaults(SandboxModule.upstreamDefaults(production)).get("MOLISA_URL", null))
                .isEqualTo("https://dvcbttxh.molisa.example");

        GatewayConfig sandbox = GatewayConfig.of(Map.of("MOLISA_SIM_PORT", "18092"));
        assertThat(sandbox.withDefaults(SandboxModule.upstreamDefaults(sandbox)).get("MOLISA_URL", null))
                .isEqualTo("http://127.0.0.1:18092");
    }

    @Test
    void listenersBindToLoopbackInTheSandboxUnlessTheirAddressIsSet() {
        GatewayConfig sandbox = GatewayConfig.of(Map.of());
        assertThat(sandbox.httpHost()).isEqualTo("127.0.0.1");
        assertThat(sandbox.managementHost()).isEqualTo("127.0.0.1");
        assertThat(sandbox.embeddedBrokerAcceptor()).startsWith("tcp://127.0.0.1:");

        GatewayConfig explicit = GatewayConfig.of(Map.of("HTTP_HOST", "0.0.0.0", "MANAGEMENT_HOST", "10.1.2.3",
                "EMBEDDED_BROKER_ACCEPTOR", "tcp://0.0.0.0:61616"));
        assertThat(explicit.httpHost()).isEqualTo("0.0.0.0");
        assertThat(explicit.managementHost()).isEqualTo("10.1.2.3");
        assertThat(explicit.embeddedBrokerAcceptor()).isEqualTo("tcp://0.0.0.0:61616");

        // outside the sandbox a container publishes its ports: every interface
        GatewayConfig production = GatewayConfig.of(vn.lienthong.gateway.support.ProductionEnv.required());
        assertThat(production.httpHost()).isEqualTo("0.0.0.0");
        assertThat(production.managementHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void unknownEnvironmentIsRefused() {
        assertThatThrownBy(() -> GatewayConfig.of(Map.of("GATEWAY_ENV", "prod")))
                .hasMessageContaining("GATEWAY_ENV").hasMessageContaining("prod");
    }

    @Test
    void secretsComeFromFilesAndAreNeverPrinted(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("pmht_password");
        Files.writeString(secret, "s3cr3t-value\n");
        Map<String, String> env = vn.lienthong.gateway.support.ProductionEnv.required();
        env.remove("PMHT_PASSWORD");
        env.putAll(Map.of("PMHT_PASSWORD_FILE", secret.toString(), "MOLISA_PASSWORD", "m0lisa-pw",
                "DVCLT_PASSWORD", "dvclt-secret", "DB_URL", "jdbc:postgresql://db/gw?user=x&password=topsecret",
                "TF_CLI_CONFIG_FILE", "/nonexistent"));
        GatewayConfig config = GatewayConfig.of(env);
        assertThat(config.get("PMHT_PASSWORD", null)).isEqualTo("s3cr3t-value");
        assertThat(config.toString()).doesNotContain("s3cr3t-value").doesNotContain("topsecret").doesNotContain("m0lisa-pw")
                .doesNotContain("dvclt-secret").contains("production");
    }

    @Test
    void badNumbersNameTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.of(Map.of("HTTP_PORT", "eighty")).httpPort())
                .hasMessageContaining("HTTP_PORT");
    }
}
