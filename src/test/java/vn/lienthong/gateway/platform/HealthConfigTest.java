package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.health.HealthModule;
import org.junit.jupiter.api.io.TempDir;

/** DHIS2 is an upstream like PMHT: explicit outside the sandbox, unless the province runs without it. */
class HealthConfigTest {

    /** Every other required upstream, so that only DHIS2's variables are under test. */
    static final Map<String, String> PMHT = others();

    private static Map<String, String> others() {
        Map<String, String> env = vn.lienthong.gateway.support.ProductionEnv.required();
        env.remove("DHIS2_ENABLED");
        env.remove("GATEWAY_ENV");
        return Map.copyOf(env);
    }

    @Test
    void outsideTheSandboxDhis2UrlAndCredentialsAreRequired() {
        var env = new java.util.HashMap<>(PMHT);
        env.put("GATEWAY_ENV", "production");
        env.put("DHIS2_URL", "https://dhis2.example");
        assertThatThrownBy(() -> GatewayConfig.of(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DHIS2_USER").hasMessageContaining("DHIS2_PASSWORD").hasMessageNotContaining("DHIS2_URL")
                .hasMessageNotContaining("PMHT_");
    }

    @Test
    void dhis2CanBeSwitchedOffAndItsPasswordCanComeFromAFile(@TempDir Path dir) throws Exception {
        var off = new java.util.HashMap<>(PMHT);
        off.put("GATEWAY_ENV", "test");
        off.put("DHIS2_ENABLED", "false");
        assertThat(GatewayConfig.of(off).environmentName()).isEqualTo("test");

        Path secret = dir.resolve("dhis2");
        Files.writeString(secret, "dhis2-secret\n");
        var on = new java.util.HashMap<>(PMHT);
        on.put("GATEWAY_ENV", "test");
        on.put("DHIS2_URL", "https://dhis2.example");
        on.put("DHIS2_USER", "gateway");
        on.put("DHIS2_PASSWORD_FILE", secret.toString());
        GatewayConfig config = GatewayConfig.of(on);
        assertThat(config.get("DHIS2_PASSWORD", null)).isEqualTo("dhis2-secret");
        assertThat(config.toString()).doesNotContain("dhis2-secret");
    }

    @Test
    void outsideTheSandboxTheDeathBookProgramAndDataElementsMustBeNamed() {
        var env = new java.util.HashMap<>(PMHT);
        env.put("GATEWAY_ENV", "production");
        env.put("DHIS2_URL", "https://dhis2.example");
        env.put("DHIS2_USER", "gateway");
        env.put("DHIS2_PASSWORD", "x");
        env.put("DHIS2_PROGRAM", "realProgram");
        GatewayConfig config = GatewayConfig.of(env);
        FlowContext ctx = new FlowContext(config, java.time.Clock.systemUTC(), null, null, new org.apache.camel.main.Main(), null, null, null);
        assertThatThrownBy(() -> new HealthModule().configure(ctx)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DHIS2_STAGE").hasMessageContaining("DHIS2_DE_REGISTERED")
                .hasMessageNotContaining("DHIS2_PROGRAM,");
    }
}
