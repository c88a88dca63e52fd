package dev.jdns.cli.dig;

import java.util.List;
import java.util.Locale;

/**
 * Applies one dig {@code +[no]keyword[=value]} option. As dig, a keyword may be shortened to any unambiguous prefix
 * ({@code +norec}, {@code +sh}); an exact keyword always wins over a longer one it prefixes.
 */
final class PlusOptions {

    private static final List<String> KEYWORDS = List.of("short", "tcp", "vc", "recurse", "dnssec", "bufsize",
            "time", "tries", "retry", "nsid", "cmd", "comments", "question", "answer", "authority", "additional",
            "all", "stats", "json", "trace", "explain", "adflag", "cdflag");

    private PlusOptions() {
    }

    static void apply(String argument, DigOptions options) throws DigUsageException {
        String text = argument.substring(1).toLowerCase(Locale.ROOT);
        boolean on = !text.startsWith("no");
        if (!on) {
            text = text.substring(2);
        }
        int equals = text.indexOf('=');
        String value = equals < 0 ? null : text.substring(equals + 1);
        String keyword = resolve(equals < 0 ? text : text.substring(0, equals), argument);
        if (value != null && !takesValue(keyword)) {
            throw new DigUsageException("option " + argument + " takes no value");
        }
        switch (keyword) {
            case "short" -> options.shortOutput = on;
            case "tcp", "vc" -> options.tcp = on;
            case "recurse" -> options.recurse = on;
            case "dnssec" -> options.dnssec = on;
            case "bufsize" -> options.bufsize = on ? number(argument, value, 0, 65535) : DigOptions.DEFAULT_BUFSIZE;
            case "time" -> {
                options.timeSeconds = number(argument, value, 1, 300);
                options.timeGiven = true;
            }
            case "tries" -> options.tries = number(argument, value, 1, 100);
            case "retry" -> options.tries = number(argument, value, 0, 99) + 1;
            case "nsid" -> options.nsid = on;
            case "cmd" -> options.cmd = on;
            case "comments" -> options.comments = on;
            case "question" -> options.question = on;
            case "answer" -> options.answer = on;
            case "authority" -> options.authority = on;
            case "additional" -> options.additional = on;
            case "all" -> options.setAllDisplay(on);
            case "stats" -> options.stats = on;
            case "json" -> options.json = on;
            case "trace" -> options.trace = on;
            case "explain" -> options.explain = on;
            case "adflag" -> options.adflag = on;
            case "cdflag" -> options.cdflag = on;
            default -> throw new IllegalStateException("keyword without action: " + keyword);
        }
    }

    private static String resolve(String typed, String argument) throws DigUsageException {
        if (KEYWORDS.contains(typed)) {
            return typed;
        }
        if (typed.equals("ad")) {
            return "adflag"; // as dig: +ad is +adflag, not an ambiguous prefix of +additional
        }
        List<String> candidates = KEYWORDS.stream().filter(keyword -> keyword.startsWith(typed)).toList();
        if (typed.isEmpty() || candidates.isEmpty()) {
            throw new DigUsageException("invalid option: " + argument);
        }
        if (candidates.size() > 1) {
            throw new DigUsageException("ambiguous option: " + argument + " (" + String.join(", ", candidates) + ")");
        }
        return candidates.getFirst();
    }

    private static boolean takesValue(String keyword) {
        return switch (keyword) {
            case "bufsize", "time", "tries", "retry" -> true;
            default -> false;
        };
    }

    private static int number(String argument, String value, int min, int max) throws DigUsageException {
        if (value == null) {
            throw new DigUsageException("option " + argument + " needs a value (" + argument + "=N)");
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new DigUsageException("value out of range " + min + ".." + max + ": " + argument);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new DigUsageException("not a number: " + argument);
        }
    }
}
