package dev.jdns.transport;

import org.xbill.DNS.Name;

/** Relations between domain names that dnsjava's {@link Name} does not name itself. */
public final class Names {

    private Names() {}

    /**
     * Whether {@code name} is a proper descendant of {@code ancestor}: at or below it ({@link Name#subdomain}) and not
     * the same name. A DNAME redirects only names strictly below its owner (RFC 6672 §2.3).
     */
    public static boolean strictlyBelow(Name name, Name ancestor) {
        return name.subdomain(ancestor) && !name.equals(ancestor);
    }
}
