package dev.jdns.cli.config;

import dev.jdns.cli.config.ConfigFile.Entry;
import dev.jdns.cli.config.ConfigFile.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns {@code jdns COMMAND --config FILE ARGS} into the arguments picocli parses: the file's values written as
 * flags, then the command line as typed, then the file's positional values (serve's zones) after {@code --}.
 *
 * <p>The command line wins because a key is taken from the file only when the command line does not give that
 * option (or, for {@code zones}, any positional) at all: the file's value is left out, not overridden. That holds
 * the same way for a single-value option (otherwise picocli would refuse it given twice) and for a repeatable one
 * (the command line's values replace the file's list, they are not appended to it). Which options the command line
 * gives is picocli's own answer, from a parse of the command line alone.
 */
public final class ConfigArguments {

    private static final String END_OF_OPTIONS = "--";

    /** One file value as arguments, with where it came from for errors. */
    record Segment(String key, int line, List<String> tokens) {}

    /** The expansion of one command line. */
    record Expansion(String command, Path file, List<Segment> options, List<String> commandLine,
            List<Segment> positionals) {

        /** Everything after the command's name. */
        List<String> commandArguments() {
            List<String> all = tokens(options);
            all.addAll(commandLine);
            if (!positionals.isEmpty()) {
                if (!commandLine.contains(END_OF_OPTIONS)) {
                    all.add(END_OF_OPTIONS); // zone files are never read as flags, whatever their names
                }
                all.addAll(tokens(positionals));
            }
            return all;
        }

        String[] arguments() {
            List<String> all = new ArrayList<>(List.of(command));
            all.addAll(commandArguments());
            return all.toArray(String[]::new);
        }
    }

    private ConfigArguments() {}

    /**
     * {@code args} with the config file's values added, or {@code args} unchanged when no {@code --config} is
     * given (or the command line has an error of its own, which picocli then reports as usual).
     *
     * @param fresh a new picocli tree, for parses that must not disturb the one that runs
     * @throws ConfigException the file cannot be read, has an unknown key, or a value its option refuses
     */
    public static String[] expand(String[] args, Supplier<CommandLine> fresh) throws ConfigException {
        return expansion(args, fresh).map(Expansion::arguments).orElse(args);
    }

    static Optional<Expansion> expansion(String[] args, Supplier<CommandLine> fresh) throws ConfigException {
        if (args.length == 0 || !mayGiveConfig(args)) {
            return Optional.empty();
        }
        CommandLine root = fresh.get();
        CommandLine command = root.getSubcommands().get(args[0]);
        if (command == null || command.getCommandSpec().findOption(ConfigOption.CONFIG) == null) {
            return Optional.empty();
        }
        List<String> given = List.of(args).subList(1, args.length);
        ParseResult probe = parseResult(root, args[0], given);
        if (probe == null || asksForHelp(probe) || !probe.hasMatchedOption(ConfigOption.CONFIG)) {
            return Optional.empty();
        }
        Path path = probe.matchedOptionValue(ConfigOption.CONFIG, (Path) null);
        Expansion expansion = fromFile(args[0], ConfigFile.read(path), command, probe, given);
        rejectBadValues(expansion, fresh);
        return Optional.of(expansion);
    }

    /**
     * False when no argument can be {@code --config}, so that a start without a file does not build and parse a
     * second command tree (its garbage stays resident in the heap's young generation of an idle server). picocli
     * matches an option only by its exact name, alone or before {@code =} (abbreviations and case-insensitive
     * names are not enabled), so the parse below is still what decides whenever this says true.
     */
    private static boolean mayGiveConfig(String[] args) {
        String name = "--" + ConfigOption.CONFIG;
        for (String arg : args) {
            if (arg.equals(name) || arg.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    private static Expansion fromFile(String name, ConfigFile file, CommandLine command, ParseResult probe,
            List<String> given) throws ConfigException {
        Map<String, ArgSpec> keys = ConfigKeys.of(command.getCommandSpec());
        List<Segment> options = new ArrayList<>();
        List<Segment> positionals = new ArrayList<>();
        for (Entry entry : file.entries()) {
            ArgSpec arg = keys.get(entry.key());
            if (arg == null) {
                throw new ConfigException(file.path(), entry.line(), "unknown key '" + entry.key()
                        + "': jdns " + name + " has no --" + entry.key() + " (keys: " + String.join(", ",
                        keys.keySet()) + ")");
            }
            if (givenOnCommandLine(probe, arg)) {
                continue;
            }
            (arg.isOption() ? options : positionals).addAll(segments(file.path(), entry, arg));
        }
        return new Expansion(name, file.path(), options, given, positionals);
    }

    /** --help or --version: picocli answers them without the file (asked of the options: see parseResult). */
    private static boolean asksForHelp(ParseResult probe) {
        return probe.commandSpec().options().stream()
                .filter(option -> option.usageHelp() || option.versionHelp())
                .anyMatch(probe::hasMatchedOption);
    }

    private static boolean givenOnCommandLine(ParseResult probe, ArgSpec arg) {
        return arg instanceof OptionSpec option ? probe.hasMatchedOption(option) : !probe.matchedPositionals().isEmpty();
    }

    private static List<Segment> segments(Path file, Entry entry, ArgSpec arg) throws ConfigException {
        if (entry.list() && !arg.isMultiValue()) {
            throw new ConfigException(file, entry.line(), entry.key() + ": takes one value, not a list");
        }
        List<Segment> segments = new ArrayList<>();
        for (Value value : entry.values()) {
            segments.add(new Segment(entry.key(), value.line(), tokens(file, entry.key(), value, arg)));
        }
        return segments;
    }

    private static List<String> tokens(Path file, String key, Value value, ArgSpec arg) throws ConfigException {
        if (!(arg instanceof OptionSpec option)) {
            return List.of(value.text());
        }
        if (option.arity().max() > 0) {
            // NAME=VALUE: a value that starts with a dash is still this option's value
            return List.of(option.longestName() + "=" + value.text());
        }
        return switch (value.text().toLowerCase(Locale.ROOT)) {
            case "true" -> List.of(option.longestName());
            case "false" -> option.negatable()
                    ? List.of(option.command().negatableOptionTransformer()
                            .makeNegative(option.longestName(), option.command()))
                    : List.of();
            default -> throw new ConfigException(file, value.line(), key + ": expected true or false, not '"
                    + value.text() + "'");
        };
    }

    /**
     * A value its option refuses (a bad address, a malformed duration) is reported at its own line: the file's
     * values are parsed in growing prefixes until the first that fails, which is the culprit. This costs a parse
     * per value, only when the whole did not parse.
     */
    private static void rejectBadValues(Expansion expansion, Supplier<CommandLine> fresh) throws ConfigException {
        if (parsesOrOnlyMisses(fresh, expansion.command(), expansion.commandArguments()) == null) {
            return;
        }
        List<Segment> all = new ArrayList<>(expansion.options());
        all.addAll(expansion.positionals());
        for (int n = 1; n <= all.size(); n++) {
            List<String> prefix = tokens(all.subList(0, n));
            prefix.addAll(expansion.commandLine());
            ParameterException bad = parsesOrOnlyMisses(fresh, expansion.command(), prefix);
            if (bad != null) {
                Segment culprit = all.get(n - 1);
                throw new ConfigException(expansion.file(), culprit.line(), culprit.key() + ": " + bad.getMessage());
            }
        }
    }

    /** Null when {@code args} parse, or fail only for something missing (a prefix may lack the zones). */
    private static ParameterException parsesOrOnlyMisses(Supplier<CommandLine> fresh, String command,
            List<String> args) {
        try {
            parse(fresh.get(), command, args);
            return null;
        } catch (MissingParameterException missing) {
            return null;
        } catch (ParameterException e) {
            return e;
        }
    }

    /** What the command line alone gives, with or without its positionals; null when it has another error. */
    private static ParseResult parseResult(CommandLine root, String command, List<String> args) {
        try {
            parse(root, command, args);
        } catch (MissingParameterException missing) {
            // The zones may come from the file. This result was cut short: its matched options and positionals are
            // complete, its help flags are not set (read them from the options).
        } catch (ParameterException e) {
            return null;
        }
        return root.getSubcommands().get(command).getParseResult();
    }

    /** Parses as jdns does, from the top: picocli expects a subcommand to be parsed with its parent. */
    private static void parse(CommandLine root, String command, List<String> args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(args);
        root.parseArgs(all.toArray(String[]::new));
    }

    private static List<String> tokens(List<Segment> segments) {
        List<String> tokens = new ArrayList<>();
        segments.forEach(segment -> tokens.addAll(segment.tokens()));
        return tokens;
    }
}
