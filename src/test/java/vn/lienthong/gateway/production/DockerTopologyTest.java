package vn.lienthong.gateway.production;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.deployers.impl.FileConfigurationParser;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * docker/ cannot run on this machine (no Docker engine): this checks what can be checked without it. The compose
 * file parses and holds the topology (Artemis HA pair, PostgreSQL, two gateway nodes, Prometheus, Grafana), every
 * file it mounts exists, both broker.xml files are valid Artemis configuration (the broker's own parser and schema)
 * with the replication roles and the address settings the gateway expects, and Prometheus scrapes both nodes.
 */
class DockerTopologyTest {

    static final Path DOCKER = Path.of("docker");

    @Test
    void composeFileHoldsTheProductionTopologyAndEveryFileItMountsExists() throws Exception {
        Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("artemis-primary", "artemis-backup", "postgres", "gateway-1", "gateway-2",
                "prometheus", "grafana");

        List<String> missing = new ArrayList<>();
        for (var service : services.entrySet()) {
            Map<String, Object> s = merged(map(service.getValue()));
            for (Object volume : list(s.get("volumes"))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".") && !Files.exists(DOCKER.resolve(source))) {
                    missing.add(service.getKey() + ": " + source);
                }
            }
            Object build = s.get("build");
            if (build != null) {
                Path context = DOCKER.resolve(map(build).get("context").toString());
                if (!Files.exists(context.resolve(map(build).get("dockerfile").toString()))) {
                    missing.add(service.getKey() + ": dockerfile " + map(build).get("dockerfile"));
                }
            }
        }
        assertThat(missing).as("files referenced by docker/compose.yaml").isEmpty();

        for (String node : List.of("gateway-1", "gateway-2")) {
            Map<String, Object> env = map(merged(map(services.get(node))).get("environment"));
            assertThat(env.get("BROKER_URL").toString()).as(node + " broker URL")
                    .contains("tcp://artemis-primary:61616", "tcp://artemis-backup:61616", "ha=true", "reconnectAttempts=-1");
            assertThat(env.get("DB_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(env).containsEntry("QUARTZ_CLUSTERED", "true").containsKeys("PMHT_URL", "BROKER_PASSWORD_FILE",
                    "DB_PASSWORD_FILE", "PMHT_PASSWORD_FILE").doesNotContainKeys("BROKER_PASSWORD", "DB_PASSWORD", "PMHT_PASSWORD");
            assertThat(env.get("JAVA_OPTS").toString()).contains("-XX:+ExitOnOutOfMemoryError", "-Xmx");
            // what a production node refuses to start without (GatewayConfig, HealthModule): passed through, so
            // the operator's values (docker/env.example) reach the nodes
            assertThat(env).as(node + " variables a production node requires").containsKeys("DVCLT_URL", "DVCLT_USER",
                    "DVCLT_PASSWORD_FILE", "MOLISA_URL", "MOLISA_USER", "MOLISA_PASSWORD_FILE", "DHIS2_ENABLED", "DHIS2_URL",
                    "DHIS2_USER", "DHIS2_PASSWORD_FILE", "DHIS2_PROGRAM", "DHIS2_STAGE", "DHIS2_DE_NAME",
                    "DHIS2_DE_DEATH_PLACE", "DHIS2_DE_REGISTERED", "DHIS2_DE_REGISTRATION_NO");
            for (Object v : env.keySet()) {
                if (v.toString().endsWith("_FILE")) {
                    String secret = env.get(v).toString().replace("/run/secrets/", "");
                    assertThat(map(compose.get("secrets"))).as(node + " " + v).containsKey(secret);
                    assertThat(Files.readString(DOCKER.resolve("secrets/README.md"))).as("secret " + secret + " documented")
                            .contains("`" + secret + "`");
                }
            }
        }
        // secrets are files the operator creates; they are named, never inlined
        assertThat(map(compose.get("secrets"))).containsKeys("broker_password", "db_password", "pmht_password");
        assertThat(Files.readString(DOCKER.resolve("compose.yaml"))).doesNotContainPattern("(?im)password:\\s*\\S+\\s*$");
    }

    @Test
    void artemisPairIsAValidReplicatedPrimaryAndBackupWithTheGatewaysAddressSettings() throws Exception {
        System.setProperty("artemis.cluster.password", "test-only");
        Configuration primary = artemis(DOCKER.resolve("artemis/primary/broker.xml"));
        Configuration backup = artemis(DOCKER.resolve("artemis/backup/broker.xml"));
        assertThat(primary.getHAPolicyConfiguration()).isInstanceOf(ReplicatedPolicyConfiguration.class);
        assertThat(backup.getHAPolicyConfiguration()).isInstanceOf(ReplicaPolicyConfiguration.class);
        for (Configuration c : List.of(primary, backup)) {
            assertThat(c.isPersistenceEnabled()).isTrue();
            assertThat(c.isJournalDatasync()).as("journal sync on").isTrue();
            assertThat(c.getClusterConfigurations()).hasSize(1);
            AddressSettings all = c.getAddressSettings().get("#");
            assertThat(all.getRedeliveryDelay()).isEqualTo(1000);
            assertThat(all.getRedeliveryMultiplier()).isEqualTo(2.0);
            assertThat(all.getMaxRedeliveryDelay()).isEqualTo(60_000);
            assertThat(all.getMaxDeliveryAttempts()).isEqualTo(200);
            assertThat(all.getDeadLetterAddress().toString()).isEqualTo("DLQ");
        }
    }

    @Test
    void prometheusScrapesBothNodesAndGrafanaIsProvisionedWithTheDashboard() throws Exception {
        Map<String, Object> prometheus = yaml(DOCKER.resolve("prometheus.yml"));
        Map<String, Object> job = map(list(prometheus.get("scrape_configs")).get(0));
        assertThat(job.get("metrics_path")).isEqualTo("/observe/metrics");
        assertThat(list(map(list(job.get("static_configs")).get(0)).get("targets")))
                .containsExactly("gateway-1:9876", "gateway-2:9876");

        Map<String, Object> datasources = yaml(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml"));
        Map<String, Object> ds = map(list(datasources.get("datasources")).get(0));
        assertThat(ds).containsEntry("uid", "prometheus").containsEntry("url", "http://prometheus:9090");
        Map<String, Object> dashboards = yaml(DOCKER.resolve("grafana/provisioning/dashboards/lienthong.yml"));
        assertThat(map(map(list(dashboards.get("providers")).get(0)).get("options")))
                .containsEntry("path", "/var/lib/grafana/dashboards");
        // every panel of the dashboard uses the provisioned datasource (an import-time ${DS_...} would not resolve)
        String dashboard = Files.readString(DOCKER.resolve("grafana-dashboard.json"));
        assertThat(dashboard).doesNotContain("\"uid\": \"${DS_PROMETHEUS}\"").contains("\"uid\": \"prometheus\"");
    }

    @Test
    void theImageRunsInProductionUnlessToldOtherwise() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : dockerfileInstructions()) {
            if (line.startsWith("FROM ")) {
                env.clear(); // only the runtime stage counts
            } else if (line.startsWith("ENV ")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)")
                        .matcher(line.substring(4));
                while (m.find()) {
                    env.put(m.group(1), m.group(2));
                }
            }
        }
        assertThat(env).as("ENV of the runtime stage").containsEntry("GATEWAY_ENV", "production");
        Map<String, Object> services = map(yaml(DOCKER.resolve("compose.yaml")).get("services"));
        for (String node : List.of("gateway-1", "gateway-2")) {
            assertThat(map(merged(map(services.get(node))).get("environment"))).containsEntry("GATEWAY_ENV", "production");
        }
    }

    /**
     * The image's HEALTHCHECK and compose's healthcheck, run as written (bash, the management port) against a real
     * gateway: they pass while it is ready and fail while it is alive but not ready (an upstream's circuit open).
     */
    @Test
    void imageAndComposeHealthchecksFollowReadiness() throws Exception {
        String image = dockerfileInstructions().stream().filter(l -> l.startsWith("HEALTHCHECK ")).findFirst()
                .orElseThrow(() -> new AssertionError("docker/Dockerfile has no HEALTHCHECK"));
        List<String> imageCommand = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                image.substring(image.indexOf("CMD ") + 4), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
        assertThat(image).contains("--start-period=");
        Map<String, Object> node = merged(map(map(yaml(DOCKER.resolve("compose.yaml")).get("services")).get("gateway-1")));
        // compose interpolates $$ to $ before the container runs the command
        List<String> composeCommand = list(map(node.get("healthcheck")).get("test")).stream()
                .map(o -> o.toString().replace("$$", "$")).toList();
        // compose's form starts with CMD, the Dockerfile's exec form is the command itself
        assertThat(composeCommand.get(0)).isEqualTo("CMD");
        composeCommand = composeCommand.subList(1, composeCommand.size());

        try (GatewayHarness gw = GatewayHarness.start(Map.of("CIRCUIT_WINDOW", "1", "CIRCUIT_OPEN_SECONDS", "600"))) {
            int port = gw.gateway().config().getInt("MANAGEMENT_PORT", 0);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> gw.management("/observe/health/ready").statusCode() == 200);
            assertThat(run(imageCommand, port)).as("image HEALTHCHECK on a ready gateway").isZero();
            assertThat(run(composeCommand, port)).as("compose healthcheck on a ready gateway").isZero();

            gw.gateway().circuits().recordFailure("pmht", new java.io.IOException("connection refused"));
            assertThat(gw.management("/observe/health/ready").statusCode()).isEqualTo(503);
            assertThat(gw.management("/observe/health/live").statusCode()).as("alive all the same").isEqualTo(200);
            assertThat(run(imageCommand, port)).as("image HEALTHCHECK on a gateway that is not ready").isNotZero();
            assertThat(run(composeCommand, port)).as("compose healthcheck on a gateway that is not ready").isNotZero();
        }
    }

    @Test
    void grafanaHasNoDefaultAdminLogin() throws Exception {
        Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
        Map<String, Object> grafana = map(map(compose.get("services")).get("grafana"));
        Map<String, Object> env = map(grafana.get("environment"));
        assertThat(env).doesNotContainKey("GF_SECURITY_ADMIN_PASSWORD")
                .containsEntry("GF_USERS_ALLOW_SIGN_UP", "false").containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false");
        Object passwordFile = env.get("GF_SECURITY_ADMIN_PASSWORD__FILE");
        assertThat(passwordFile).as("Grafana's admin password from a secret file").isNotNull();
        String secret = passwordFile.toString().replace("/run/secrets/", "");
        assertThat(list(grafana.get("secrets"))).contains(secret);
        assertThat(map(compose.get("secrets"))).containsKey(secret);
        assertThat(Files.readString(DOCKER.resolve("secrets/README.md"))).contains("`" + secret + "`");
    }

    /** docs/production.md's deployment steps name every secret compose needs, and where the upstreams are set. */
    @Test
    void deploymentStepsNameEverySecretComposeRequires() throws Exception {
        String docs = Files.readString(Path.of("docs", "production.md"));
        int start = docs.indexOf("\n## Deployment");
        assertThat(start).as("docs/production.md has a Deployment section").isPositive();
        int end = docs.indexOf("\n## ", start + 1);
        String steps = docs.substring(start, end < 0 ? docs.length() : end);
        Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
        // the files the operator creates under docker/secrets/
        List<String> secrets = new ArrayList<>(map(compose.get("secrets")).values().stream()
                .map(v -> Path.of(map(v).get("file").toString()).getFileName().toString()).toList());
        for (Object service : map(compose.get("services")).values()) {
            for (Object envFile : list(merged(map(service)).get("env_file"))) {
                secrets.add(Path.of(envFile.toString()).getFileName().toString());
            }
        }
        assertThat(secrets).contains("data_keys", "artemis.env");
        assertThat(secrets).allSatisfy(name -> assertThat(steps).as("deployment steps name " + name).contains("`" + name + "`"));
        assertThat(steps).contains("docker/env.example", "docker/.env");
    }

    private static int run(List<String> command, int managementPort) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
        Process p = pb.start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("healthcheck finished").isTrue();
        return p.exitValue();
    }

    /** docker/Dockerfile's instructions, continuation lines joined, comments left out. */
    private static List<String> dockerfileInstructions() throws Exception {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKER.resolve("Dockerfile"))) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String stripped = line.strip();
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                out.add(current.append(stripped).toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return out;
    }

    private static Configuration artemis(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            // the broker's own parser: validates against artemis-configuration.xsd, then reads every element
            FileConfigurationParser parser = new FileConfigurationParser();
            parser.setValidateAIO(false);
            return parser.parseMainConfig(in);
        }
    }

    private static Map<String, Object> yaml(Path file) throws Exception {
        return map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
    }

    /** YAML 1.2 (snakeyaml-engine) keeps "<<" merge keys as plain keys; compose merges them. */
    private static Map<String, Object> merged(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object base = m.get("<<");
        if (base != null) {
            out.putAll(merged(map(base)));
        }
        m.forEach((k, v) -> {
            if (!"<<".equals(k)) {
                out.put(k, v instanceof Map<?, ?> && out.get(k) instanceof Map<?, ?> prev
                        ? mergeMaps(map(prev), map(v)) : v);
            }
        });
        return out;
    }

    private static Map<String, Object> mergeMaps(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> out = new LinkedHashMap<>(a);
        out.putAll(merged(b));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
