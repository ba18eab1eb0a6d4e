package org.upf.control.config;

/** A configuration problem that stops start-up; the message names the key, e.g. {@code config: n3.interface: ...}. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String problem) {
        super("config: " + key + ": " + problem);
    }

    private ConfigException(String message) {
        super(message);
    }

    public static ConfigException unknownKey(String key) {
        return new ConfigException("config: unknown key \"" + key + "\"");
    }

    public static ConfigException unreadable(String file, String problem) {
        return new ConfigException("config: cannot read " + file + ": " + problem);
    }
}
