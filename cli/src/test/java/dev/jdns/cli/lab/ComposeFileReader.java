package dev.jdns.cli.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back the services of a docker-compose file in the shape {@link ComposeFile} writes (service blocks at
 * indent 2, {@code command:} as a flow list of double-quoted strings, {@code ipv4_address:}, {@code volumes:}).
 * Not a YAML parser: a file of another shape is rejected, and the test that compares the committed file with the
 * generated one keeps the two shapes equal.
 */
public final class ComposeFileReader {

    /** A service, and the host folder mounted at {@link ComposeFile#ZONES_MOUNT} (relative to the file). */
    public record ComposeService(String name, InetAddress address, List<String> command, String zonesVolume) {}

    private static final Pattern SERVICE = Pattern.compile("^  ([a-z0-9][a-z0-9-]*):\\s*$");
    private static final Pattern COMMAND = Pattern.compile("^    command: \\[(.*)]\\s*$");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ADDRESS = Pattern.compile("^        ipv4_address: ([0-9.]+)\\s*$");
    private static final Pattern VOLUME = Pattern.compile("^      - (\\S+):" + ComposeFile.ZONES_MOUNT + "(:ro)?\\s*$");

    private static final Pattern SUBNET = Pattern.compile("^\\s+- subnet: (\\S+)\\s*$");

    private ComposeFileReader() {}

    /** The subnet of the (single) network, e.g. "172.30.53.0/24". */
    static String subnet(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            Matcher m = SUBNET.matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new IOException(file + ": no network subnet");
    }

    public static Map<String, ComposeService> read(Path file) throws IOException {
        Map<String, ComposeService> services = new LinkedHashMap<>();
        boolean inServices = false;
        Builder current = null;
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith(" ") && !line.isBlank() && !line.startsWith("#")) {
                inServices = line.equals("services:");
                current = finish(current, services);
                continue;
            }
            if (!inServices) {
                continue;
            }
            Matcher service = SERVICE.matcher(line);
            if (service.matches()) {
                current = finish(current, services);
                current = new Builder(service.group(1));
            } else if (current != null) {
                current.accept(line);
            }
        }
        finish(current, services);
        return services;
    }

    private static Builder finish(Builder builder, Map<String, ComposeService> services) throws IOException {
        if (builder != null) {
            services.put(builder.name, builder.build());
        }
        return null;
    }

    private static final class Builder {
        final String name;
        final List<String> command = new ArrayList<>();
        String address;
        String zonesVolume;

        Builder(String name) {
            this.name = name;
        }

        void accept(String line) {
            Matcher m = COMMAND.matcher(line);
            if (m.matches()) {
                Matcher quoted = QUOTED.matcher(m.group(1));
                while (quoted.find()) {
                    command.add(quoted.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            } else if ((m = ADDRESS.matcher(line)).matches()) {
                address = m.group(1);
            } else if ((m = VOLUME.matcher(line)).matches()) {
                zonesVolume = m.group(1);
            }
        }

        ComposeService build() throws IOException {
            if (command.isEmpty() || address == null) {
                throw new IOException("service " + name + " has no command or no ipv4_address");
            }
            return new ComposeService(name, InetAddress.getByName(address), List.copyOf(command), zonesVolume);
        }
    }
}
