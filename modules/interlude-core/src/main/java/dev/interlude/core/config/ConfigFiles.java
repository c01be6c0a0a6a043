package dev.interlude.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * HOCON files as operators write them: a file that is missing or does not parse is one {@link Problem} named by the
 * file and line ({@code conf/tasks.conf:12: Expecting a value but got wrong token: '}'}), never a stack trace; nor is
 * one nested too deeply to read.
 */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /**
     * Parses {@code file} and applies {@code complete} (for instance a fallback and {@code resolve()}, which
     * reads {@code ${?VAR}} overrides from the environment); any failure is reported against the file.
     *
     * @param what names the file in a problem when it is missing (an option such as {@code --config}, or a path)
     */
    public static Config read(Path file, String what, Function<Config, Config> complete) {
        if (!Files.isRegularFile(file)) {
            String message = Files.exists(file) ? "not a regular file" : "no such file";
            throw new InvalidInputException(what, what.equals(file.toString()) ? message : message + ": " + file);
        }
        try {
            return complete.apply(
                    ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)));
        } catch (ConfigException e) {
            throw new InvalidInputException(List.of(problem(file, e)));
        } catch (StackOverflowError e) {
            // Typesafe Config parses and resolves recursively: a file nesting objects or lists a few thousand levels
            // deep overflows its stack. The stack is unwound here, so the command can say so and exit 2.
            throw new InvalidInputException(file.toString(), "nested too deeply: objects or lists inside each other "
                    + "more deeply than the configuration reader can follow");
        }
    }

    /** A Typesafe Config failure as a problem at {@code file:line}, without the origin repeated in the message. */
    public static Problem problem(Path file, ConfigException e) {
        if (e.origin() == null) {
            return new Problem(file.toString(), e.getMessage());
        }
        String where = e.origin().lineNumber() > 0 ? file + ":" + e.origin().lineNumber() : file.toString();
        String prefix = e.origin().description() + ": ";
        String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return new Problem(where, message);
    }
}
