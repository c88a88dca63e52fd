package dev.jdns.authoritative;

import java.util.Locale;
import org.xbill.DNS.Name;

/** How a zone is named in {@code --state-dir}: one rule for its journals, saved copy, DS and signed serial. */
public final class StateFiles {

    private StateFiles() {}

    /**
     * The origin in letters safe in any file system (lower case; anything but letters, digits, '.', '-' and '_' as
     * %XX, so no label can name another directory); the root zone is "root".
     */
    public static String stem(Name origin) {
        String text = origin.equals(Name.root) ? "root" : origin.toString(true).toLowerCase(Locale.ROOT);
        StringBuilder safe = new StringBuilder();
        for (char c : text.toCharArray()) {
            boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            safe.append(plain ? String.valueOf(c) : String.format("%%%02X", (int) c));
        }
        return safe.toString();
    }
}
