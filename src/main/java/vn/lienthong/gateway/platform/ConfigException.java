package vn.lienthong.gateway.platform;

/** A configuration error the gateway refuses to start with; the message names the variable. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
