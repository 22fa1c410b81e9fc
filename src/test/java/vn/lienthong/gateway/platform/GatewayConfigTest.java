package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @Test
    void sandboxIsTheDefaultAndNeedsNoUpstreamSettings() {
        GatewayConfig config = GatewayConfig.of(Map.of());
        assertThat(config.environmentName()).isEqualTo("sandbox");
        assertThat(config.pmhtUrl()).startsWith("http://127.0.0.1:");
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
    void unknownEnvironmentIsRefused() {
        assertThatThrownBy(() -> GatewayConfig.of(Map.of("GATEWAY_ENV", "prod")))
                .hasMessageContaining("GATEWAY_ENV").hasMessageContaining("prod");
    }

    @Test
    void secretsComeFromFilesAndAreNeverPrinted(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("pmht_password");
        Files.writeString(secret, "s3cr3t-value\n");
        GatewayConfig config = GatewayConfig.of(Map.of("GATEWAY_ENV", "production", "PMHT_URL", "https://pmht.example",
                "PMHT_USER", "province", "PMHT_PASSWORD_FILE", secret.toString(), "DVCLT_URL", "https://dvclt.example",
                "DVCLT_USER", "province", "DVCLT_PASSWORD", "dvclt-secret",
                "DB_URL", "jdbc:postgresql://db/gw?user=x&password=topsecret", "TF_CLI_CONFIG_FILE", "/nonexistent"));
        assertThat(config.pmhtPassword()).isEqualTo("s3cr3t-value");
        assertThat(config.toString()).doesNotContain("s3cr3t-value").doesNotContain("dvclt-secret").doesNotContain("topsecret").contains("production");
    }

    @Test
    void badNumbersNameTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.of(Map.of("HTTP_PORT", "eighty")).httpPort())
                .hasMessageContaining("HTTP_PORT");
    }
}
