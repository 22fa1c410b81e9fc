package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.support.ProductionEnv;

/**
 * docker/env.example is the template of a production node's upstream settings: a node started from it (its values,
 * the operator's accounts for the blanks) passes the start-up checks on upstream URLs, and compose passes each of
 * its variables to the nodes.
 */
class EnvExampleTest {

    @Test
    void aNodeStartedFromTheTemplatePassesTheUpstreamUrlChecks() throws Exception {
        Map<String, String> template = template();
        assertThat(template).containsKeys("PMHT_URL", "DVCLT_URL", "MOLISA_URL", "DVCQG_SS_URL");
        Map<String, String> env = ProductionEnv.required();
        env.put("DHIS2_URL", "https://dhis2.example");
        env.put("DHIS2_USER", "u");
        env.put("DHIS2_PASSWORD", "p");
        // the operator fills the blanks (accounts, ids); what the template sets is used as it is
        template.forEach((name, value) -> {
            if (!value.isBlank()) {
                env.put(name, value);
            }
        });
        GatewayConfig config = GatewayConfig.of(env);
        assertThat(config.environmentName()).isEqualTo("production");
        assertThat(UpstreamTls.checkPlainHttp(config)).as("upstreams allowed over plain HTTP").isEmpty();
        for (var e : template.entrySet()) {
            if (e.getKey().endsWith("_URL") && !e.getValue().isBlank()) {
                assertThat(e.getValue()).as(e.getKey()).startsWith("https://");
            }
        }
    }

    @Test
    void composePassesEveryVariableOfTheTemplateOn() throws Exception {
        String compose = Files.readString(Path.of("docker", "compose.yaml"));
        assertThat(template().keySet()).allSatisfy(name -> assertThat(compose).as(name).contains("${" + name + ":"));
    }

    private static Map<String, String> template() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docker", "env.example"))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            out.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return out;
    }
}
