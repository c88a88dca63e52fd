package dev.jdns.cli.dig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Parses dig's command line, where arguments come in any order: {@code @server}, names, types, classes,
 * {@code +options} and the flags {@code -p -t -c -x -f} (value attached or separate). A word that is a type or a
 * class mnemonic is taken as one (as dig does); any other word is a name. A type or class given before the first
 * name is the default for every name; one given after a name applies to that name. So do {@code +options}: before
 * the first name they are global, after a name they change that query only (dig's global and local options).
 */
final class DigArgumentParser {

    private Optional<String> server;
    private Optional<Integer> port;
    private Optional<Path> batchFile = Optional.empty();
    private final DigOptions options;
    private final List<Name> names = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final List<Integer> classes = new ArrayList<>();
    private final List<DigOptions> localOptions = new ArrayList<>();
    private int defaultType = -1;
    private int defaultClass = DClass.IN;

    private DigArgumentParser(Optional<String> server, Optional<Integer> port, DigOptions options) {
        this.server = server;
        this.port = port;
        this.options = options;
    }

    /** The command line. */
    static DigRequest parse(List<String> args) throws DigUsageException {
        return new DigArgumentParser(Optional.empty(), Optional.empty(), new DigOptions()).run(args);
    }

    /** One batch-file line: starts from the command line's server, port and options, as dig does. */
    static DigRequest parseBatchLine(List<String> args, DigRequest commandLine) throws DigUsageException {
        DigArgumentParser parser = new DigArgumentParser(commandLine.server(), commandLine.port(),
                commandLine.options().copy());
        DigRequest line = parser.run(args);
        if (line.batchFile().isPresent()) {
            throw new DigUsageException("-f is not allowed inside a batch file");
        }
        return line;
    }

    private DigRequest run(List<String> args) throws DigUsageException {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("+")) {
                PlusOptions.apply(arg, localOptions.isEmpty() ? options : localOptions.getLast());
            } else if (arg.startsWith("@")) {
                server = Optional.of(nonEmpty(arg.substring(1), "@ needs a server address"));
            } else if (arg.length() >= 2 && arg.charAt(0) == '-') {
                String value = arg.length() > 2 ? arg.substring(2) : next(args, ++i, arg);
                flag(arg.charAt(1), value);
            } else {
                word(arg);
            }
        }
        return new DigRequest(server, port, questions(), options, batchFile, String.join(" ", args));
    }

    private void flag(char flag, String value) throws DigUsageException {
        switch (flag) {
            case 'p' -> port = Optional.of(port(value));
            case 't' -> setType(typeOf(value).orElseThrow(() -> new DigUsageException("invalid type: " + value)));
            case 'c' -> setClass(classOf(value).orElseThrow(() -> new DigUsageException("invalid class: " + value)));
            case 'x' -> reverse(value);
            case 'f' -> batchFile = Optional.of(Path.of(value));
            default -> throw new DigUsageException("invalid option: -" + flag);
        }
    }

    /** A bare word: a type, a class, or else a name (dig's order of precedence). */
    private void word(String word) throws DigUsageException {
        Optional<Integer> type = typeOf(word);
        if (type.isPresent()) {
            setType(type.get());
            return;
        }
        Optional<Integer> dclass = classOf(word);
        if (dclass.isPresent()) {
            setClass(dclass.get());
            return;
        }
        addName(name(word), -1);
    }

    /** {@code -x}: the PTR question for an IPv4 or IPv6 address (RFC 1035 §3.5, RFC 3596 §2.5). */
    private void reverse(String address) throws DigUsageException {
        InetAddress parsed;
        try {
            if (!address.matches("[0-9a-fA-F.:]+")) {
                throw new UnknownHostException(address); // a literal only: never a name lookup
            }
            parsed = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new DigUsageException("invalid IP address for -x: " + address);
        }
        addName(ReverseMap.fromAddress(parsed), Type.PTR);
    }

    private void addName(Name name, int type) {
        names.add(name);
        types.add(type);
        classes.add(-1);
        localOptions.add(options.copy());
    }

    private void setType(int type) {
        if (names.isEmpty()) {
            defaultType = type;
        } else {
            types.set(types.size() - 1, type);
        }
    }

    private void setClass(int dclass) {
        if (names.isEmpty()) {
            defaultClass = dclass;
        } else {
            classes.set(classes.size() - 1, dclass);
        }
    }

    /** No name and no batch file: dig asks for the root's NS set. */
    private List<DigQuestion> questions() {
        if (names.isEmpty() && batchFile.isEmpty()) {
            return List.of(new DigQuestion(Name.root, defaultType >= 0 ? defaultType : Type.NS, defaultClass,
                    options));
        }
        List<DigQuestion> questions = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int type = types.get(i) >= 0 ? types.get(i) : defaultType >= 0 ? defaultType : Type.A;
            int dclass = classes.get(i) >= 0 ? classes.get(i) : defaultClass;
            questions.add(new DigQuestion(names.get(i), type, dclass, localOptions.get(i)));
        }
        return questions;
    }

    /** Mnemonics and TYPEnnn only: dnsjava would also read a bare number as a type, dig reads it as a name. */
    private static Optional<Integer> typeOf(String word) {
        int type = word.chars().allMatch(Character::isDigit) ? -1 : Type.value(word);
        return type >= 0 ? Optional.of(type) : Optional.empty();
    }

    private static Optional<Integer> classOf(String word) {
        int dclass = word.chars().allMatch(Character::isDigit) ? -1 : DClass.value(word);
        return dclass >= 0 ? Optional.of(dclass) : Optional.empty();
    }

    private static Name name(String word) throws DigUsageException {
        try {
            return Name.fromString(word, Name.root);
        } catch (TextParseException e) {
            throw new DigUsageException("invalid name '" + word + "': " + e.getMessage());
        }
    }

    private static int port(String value) throws DigUsageException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new DigUsageException("invalid port: " + value);
    }

    private static String next(List<String> args, int index, String flag) throws DigUsageException {
        if (index >= args.size()) {
            throw new DigUsageException("option " + flag + " needs a value");
        }
        return args.get(index);
    }

    private static String nonEmpty(String value, String complaint) throws DigUsageException {
        if (value.isEmpty()) {
            throw new DigUsageException(complaint);
        }
        return value;
    }
}
