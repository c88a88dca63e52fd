package dev.jdns.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A {@code --config} file read as YAML (GUIDE section 4): a mapping whose keys are long flag names without the
 * dashes, each with one scalar value or a list of scalars. Only the YAML nodes are read, never objects built from
 * them, so every value keeps the line it came from for {@code FILE:LINE} errors, and its text reaches picocli's
 * own converters exactly as a command-line argument would.
 */
public final class ConfigFile {

    /** One scalar value and the line (1-based) it is on. */
    public record Value(String text, int line) {}

    /** One top-level key: its line, its values, and whether the file wrote a list. */
    public record Entry(String key, int line, List<Value> values, boolean list) {}

    private final Path path;
    private final List<Entry> entries;

    private ConfigFile(Path path, List<Entry> entries) {
        this.path = path;
        this.entries = List.copyOf(entries);
    }

    public Path path() {
        return path;
    }

    /** The keys in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** Reads and checks the file's shape; what the keys mean is {@link ConfigArguments}' business. */
    public static ConfigFile read(Path path) throws ConfigException {
        Optional<Node> root;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            root = new Compose(LoadSettings.builder().setLabel(path.toString()).build()).composeReader(reader);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(1);
            throw new ConfigException(path, line, oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new ConfigException(path, 1, oneLine(e.getMessage()));
        } catch (IOException e) {
            throw new ConfigException(path, 0, "cannot read: " + e.getMessage());
        }
        if (root.isEmpty()) {
            return new ConfigFile(path, List.of()); // an empty file (or only comments) sets nothing
        }
        if (!(root.get() instanceof MappingNode mapping)) {
            throw new ConfigException(path, line(root.get()), "expected 'key: value' lines at the top level");
        }
        return new ConfigFile(path, entries(path, mapping));
    }

    private static List<Entry> entries(Path path, MappingNode mapping) throws ConfigException {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigException(path, line(tuple.getKeyNode()), "a key must be a flag name");
            }
            String key = keyNode.getValue();
            Integer first = seen.putIfAbsent(key, line(keyNode));
            if (first != null) {
                throw new ConfigException(path, line(keyNode), "'" + key + "' given twice (first on line " + first
                        + "); write one list instead");
            }
            entries.add(entry(path, key, line(keyNode), tuple.getValueNode()));
        }
        return entries;
    }

    private static Entry entry(Path path, String key, int keyLine, Node valueNode) throws ConfigException {
        if (valueNode instanceof SequenceNode sequence) {
            List<Value> values = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                values.add(scalar(path, key, item));
            }
            return new Entry(key, keyLine, values, true);
        }
        return new Entry(key, keyLine, List.of(scalar(path, key, valueNode)), false);
    }

    private static Value scalar(Path path, String key, Node node) throws ConfigException {
        if (!(node instanceof ScalarNode scalar)) {
            throw new ConfigException(path, line(node), key + ": expected a value or a list of values");
        }
        if (scalar.getValue().isEmpty() && scalar.isPlain()) {
            throw new ConfigException(path, line(node), key + ": no value");
        }
        return new Value(scalar.getValue(), line(node));
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).orElse(0) + 1;
    }

    /** snakeyaml's messages may span lines (a snippet of the file); a config error is one line. */
    private static String oneLine(String message) {
        return message == null ? "not valid YAML" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
