package dev.interlude.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables a configuration's {@code ${?VAR}} overrides read: the process's own on a node
 * ({@link #system()}), a chosen map in a test ({@link #of}), so a test proves that a variable changes what the node
 * uses through the same loading path. Resolving with it never reads the process's environment behind its back.
 */
public final class Environment {

    private final Map<String, String> variables;

    private Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The process's environment. */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    /** Exactly these variables, and no others. */
    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    /** The variable's value, if it is set. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /**
     * {@code config} with its substitutions resolved: {@code ${path}} from the configuration itself, then
     * {@code ${?VAR}} and {@code ${VAR}} from these variables (an unset optional one leaves the key as it was).
     *
     * @throws com.typesafe.config.ConfigException as {@link Config#resolve()} does
     */
    public Config resolve(Config config) {
        return config.resolve(ConfigResolveOptions.noSystem().appendResolver(new Resolver()));
    }

    /** Looks a substitution that the configuration does not define up among the variables. */
    private final class Resolver implements ConfigResolver {
        @Override
        public ConfigValue lookup(String path) {
            String value = variables.get(path);
            return value == null ? null : ConfigValueFactory.fromAnyRef(value, "environment variable " + path);
        }

        @Override
        public ConfigResolver withFallback(ConfigResolver fallback) {
            return chain(this, fallback);
        }
    }

    /** Asks {@code first}, then {@code second}. */
    private static ConfigResolver chain(ConfigResolver first, ConfigResolver second) {
        return new ConfigResolver() {
            @Override
            public ConfigValue lookup(String path) {
                ConfigValue value = first.lookup(path);
                return value != null ? value : second.lookup(path);
            }

            @Override
            public ConfigResolver withFallback(ConfigResolver fallback) {
                return chain(this, fallback);
            }
        };
    }
}
