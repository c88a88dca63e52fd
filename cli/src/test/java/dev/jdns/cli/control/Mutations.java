package dev.jdns.cli.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small random changes to a valid text, for the control channel's fuzz tests that run in every build: bytes
 * flipped, NULs and control characters put in, lines dropped, doubled, swapped or cut short, words shuffled, and
 * lines far over the protocol's limits. Deterministic for a given {@link Random}.
 */
final class Mutations {

    private Mutations() {}

    /** {@code text} changed one to four times. */
    static String of(String text, Random random) {
        String result = text;
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            result = once(result, random);
        }
        return result;
    }

    private static String once(String text, Random random) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (lines.isEmpty()) {
            lines.add("");
        }
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        switch (random.nextInt(9)) {
            case 0 -> lines.set(at, replaceChar(line, random, (char) random.nextInt(0x80)));
            case 1 -> lines.set(at, replaceChar(line, random, '\0'));
            case 2 -> lines.remove(at);
            case 3 -> lines.add(at, line);
            case 4 -> lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
            case 5 -> lines.set(at, String.join(" ", shuffled(List.of(line.split("\\s+")), random)));
            case 6 -> lines.set(at, line + "x".repeat(random.nextInt(3) == 0 ? 300_000 : 2_000));
            case 7 -> lines.set(at, replaceChar(line, random, (char) (0x80 + random.nextInt(0xFF80))));
            default -> lines.add(random.nextInt(lines.size() + 1), lines.get(random.nextInt(lines.size())));
        }
        return String.join("\n", lines) + (random.nextBoolean() ? "\n" : "");
    }

    private static String replaceChar(String line, Random random, char with) {
        if (line.isEmpty()) {
            return String.valueOf(with);
        }
        int at = random.nextInt(line.length());
        return line.substring(0, at) + with + line.substring(at + 1);
    }

    private static List<String> shuffled(List<String> words, Random random) {
        List<String> copy = new ArrayList<>(words);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }
}
