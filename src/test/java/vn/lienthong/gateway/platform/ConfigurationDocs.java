package vn.lienthong.gateway.platform;

import java.util.Map;

/** Renders docs/configuration.md from the declared settings (Settings.groups()): one table per package. */
final class ConfigurationDocs {

    static final String REGENERATE = "mvn -q test -Dtest=ConfigurationDocsTest -Ddocs.write=true";

    private static final Map<String, String> TITLES = Map.of(
            "platform", "Platform: environment, broker, database, HTTP server, TLS, API security, Camel, schedules",
            "sandbox", "Sandbox: the upstream simulators",
            "civil", "Civil flow: PMHT push and polling, DVCLT pull and status relay ([lifecycle.md](lifecycle.md))",
            "molisa", "MOLISA flow ([molisa.md](molisa.md))",
            "dvcqg", "DVCQG paper retrieval ([dvcqg.md](dvcqg.md))",
            "health", "Health evidence: HIS, Excel import, DHIS2 ([health.md](health.md))",
            "ops", "Operator console and retention ([console.md](console.md))");

    private ConfigurationDocs() {
    }

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n");
        md.append("<!-- Generated from the settings' declarations: do not edit by hand. Regenerate with\n");
        md.append("     ").append(REGENERATE).append(" -->\n\n");
        md.append("Every setting is an environment variable, declared once in the code (`platform.Setting`: the platform's in\n");
        md.append("`PlatformVariables`, each flow's in its package, e.g. `civil.CivilVariables`). The declarations give the\n");
        md.append("defaults, the start-up check and the routes' Camel properties, and this page is generated from them\n");
        md.append("(`ConfigurationDocsTest` fails when it differs). A secret may also be given as a file: `X_FILE=/run/secrets/x`\n");
        md.append("sets `X` from the file's content (container secrets).\n\n");
        md.append("**Required** means required outside the sandbox (`GATEWAY_ENV=test` or `production`): the gateway refuses to\n");
        md.append("start naming every missing variable; in the sandbox the upstreams default to the simulators.\n");
        for (Settings.Group group : Settings.groups()) {
            md.append("\n## ").append(TITLES.getOrDefault(group.name(), group.name())).append("\n\n");
            md.append("| variable | default | meaning | required |\n");
            md.append("|---|---|---|---|\n");
            for (Setting s : group.settings()) {
                md.append("| `").append(s.name()).append("` | ").append(cell(defaultShown(s))).append(" | ")
                        .append(cell(s.meaning() + (s.secret() ? " (secret: or `" + s.name() + "_FILE`)" : "")))
                        .append(" | ").append(required(s)).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String defaultShown(Setting s) {
        if (s.defaultText() != null) {
            return s.defaultText();
        }
        if (s.defaultValue() == null) {
            return "(none)";
        }
        return s.defaultValue().isEmpty() ? "empty" : "`" + s.defaultValue() + "`";
    }

    private static String required(Setting s) {
        if (!s.isRequired()) {
            return "";
        }
        return s.unlessOff() == null ? "yes" : "yes, unless `" + s.unlessOff() + "=false`";
    }

    /** A table cell: pipes escaped (GFM), one line. */
    private static String cell(String text) {
        return text.replace("\\|", "|").replace("|", "\\|").replace("\n", " ");
    }
}
