package vn.lienthong.gateway.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every declared setting: the platform's (PlatformVariables) and each module's (FlowModule.settings(), the modules
 * found by ServiceLoader), grouped by the package that declares them. A name is declared once.
 */
public final class Settings {

    /** The settings one package declares (platform, civil, molisa...). */
    public record Group(String name, List<Setting> settings) {
    }

    private static volatile List<Group> groups;
    private static volatile Map<String, Setting> byName;

    private Settings() {
    }

    public static List<Group> groups() {
        if (groups == null) {
            load();
        }
        return groups;
    }

    /** Every declared setting by name. */
    public static Map<String, Setting> byName() {
        if (byName == null) {
            load();
        }
        return byName;
    }

    /**
     * The declaration of {@code name}, for a package that reads another package's setting without importing it (the
     * sandbox reads the flows' credentials to give its simulators the same); an undeclared name is a programming error.
     */
    public static Setting declared(String name) {
        Setting setting = byName().get(name);
        if (setting == null) {
            throw new IllegalArgumentException(name + " is not a declared setting");
        }
        return setting;
    }

    private static synchronized void load() {
        if (groups != null) {
            return;
        }
        List<Group> all = new ArrayList<>();
        all.add(new Group("platform", PlatformVariables.ALL));
        for (FlowModule module : Gateway.modules()) {
            if (!module.settings().isEmpty()) {
                String pkg = module.getClass().getPackageName();
                all.add(new Group(pkg.substring(pkg.lastIndexOf('.') + 1), List.copyOf(module.settings())));
            }
        }
        Map<String, Setting> names = new LinkedHashMap<>();
        for (Group group : all) {
            for (Setting s : group.settings()) {
                if (names.putIfAbsent(s.name(), s) != null) {
                    throw new IllegalStateException(s.name() + " is declared twice (" + group.name() + ")");
                }
            }
        }
        byName = Collections.unmodifiableMap(names);
        groups = List.copyOf(all);
    }

    /** The settings required with this configuration at {@code requirement} that are not set. */
    static List<String> missing(GatewayConfig config, List<Setting> settings, Setting.Requirement requirement) {
        return settings.stream().filter(s -> s.requirement() == requirement && s.requiredIn(config))
                .filter(s -> config.get(s.name(), "").isBlank()).map(Setting::name).toList();
    }

    static List<Setting> all() {
        return List.copyOf(byName().values());
    }
}
