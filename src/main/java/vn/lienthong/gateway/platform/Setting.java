package vn.lienthong.gateway.platform;

/**
 * The one declaration of a setting (an environment variable): its name, default, meaning and whether it is required
 * outside the sandbox. GatewayConfig reads through it, the start-up checks and the routes' Camel properties come from
 * it, and docs/configuration.md is generated from it (ConfigurationDocsTest). Each flow declares its own settings in
 * its package (e.g. civil.CivilVariables) and lists them in its FlowModule; the platform's are in PlatformVariables.
 *
 * @param defaultValue the value when the variable is unset, or null when there is none or it is computed
 * @param defaultText  how the docs show a computed or absent default (null: the default value itself)
 * @param unlessOff    a boolean setting that, when false, lifts the requirement (DHIS2_ENABLED)
 * @param property     the Camel property ({{name}} in routes/) that carries the value as it is, or null
 */
public record Setting(String name, Type type, String defaultValue, String defaultText, String meaning,
                      Requirement requirement, String unlessOff, boolean secret, String property) {

    public enum Type { TEXT, INTEGER, BOOLEAN }

    public enum Requirement {
        OPTIONAL,
        /** Outside the sandbox: checked when the configuration is read, before anything starts. */
        AT_LOAD,
        /** Outside the sandbox: checked by the flow's module when it is wired (the message names the flow). */
        WHEN_FLOW_STARTS,
        /** Outside the sandbox: checked by the class that reads it, with its own message (DataKeys). */
        BY_READER
    }

    public Setting {
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("a setting's name is an environment variable name, got " + name);
        }
        if (meaning == null || meaning.isBlank()) {
            throw new IllegalArgumentException(name + " needs a meaning");
        }
    }

    public static Setting text(String name, String defaultValue, String meaning) {
        return new Setting(name, Type.TEXT, defaultValue, null, meaning, Requirement.OPTIONAL, null, false, null);
    }

    public static Setting integer(String name, long defaultValue, String meaning) {
        return new Setting(name, Type.INTEGER, String.valueOf(defaultValue), null, meaning, Requirement.OPTIONAL, null,
                false, null);
    }

    public static Setting flag(String name, boolean defaultValue, String meaning) {
        return new Setting(name, Type.BOOLEAN, String.valueOf(defaultValue), null, meaning, Requirement.OPTIONAL, null,
                false, null);
    }

    /** How the docs show the default when it is computed or absent (e.g. "DATA_DIR/results", "sandbox simulator"). */
    public Setting shown(String text) {
        return new Setting(name, type, defaultValue, text, meaning, requirement, unlessOff, secret, property);
    }

    /** The default is computed where it is read (from other settings); the docs show {@code text}. */
    public Setting computed(String text) {
        return new Setting(name, type, null, text, meaning, requirement, unlessOff, secret, property);
    }

    /** Required outside the sandbox, checked when the configuration is read. */
    public Setting required() {
        return new Setting(name, type, defaultValue, defaultText, meaning, Requirement.AT_LOAD, unlessOff, secret, property);
    }

    /** Required outside the sandbox, checked by the flow's module when it is wired. */
    public Setting requiredByFlow() {
        return new Setting(name, type, defaultValue, defaultText, meaning, Requirement.WHEN_FLOW_STARTS, unlessOff, secret,
                property);
    }

    /** Required outside the sandbox, checked by the class that reads it (e.g. DATA_KEYS by DataKeys). */
    public Setting requiredByReader() {
        return new Setting(name, type, defaultValue, defaultText, meaning, Requirement.BY_READER, unlessOff, secret,
                property);
    }

    /** The requirement does not apply while the boolean setting {@code flag} is false. */
    public Setting exceptWhenOff(String flag) {
        return new Setting(name, type, defaultValue, defaultText, meaning, requirement, flag, secret, property);
    }

    /** A password, key or token: never logged; may come from a file ({@code NAME_FILE}). */
    public Setting asSecret() {
        return new Setting(name, type, defaultValue, defaultText, meaning, requirement, unlessOff, true, property);
    }

    /** The routes read the value as the Camel property {@code {{camelProperty}}}. */
    public Setting property(String camelProperty) {
        return new Setting(name, type, defaultValue, defaultText, meaning, requirement, unlessOff, secret, camelProperty);
    }

    public boolean isRequired() {
        return requirement != Requirement.OPTIONAL;
    }

    /** Whether the requirement applies with this configuration (outside the sandbox, and its switch not off). */
    boolean requiredIn(GatewayConfig config) {
        return isRequired() && !config.isSandbox() && (unlessOff == null || config.getBoolean(unlessOff, true));
    }
}
