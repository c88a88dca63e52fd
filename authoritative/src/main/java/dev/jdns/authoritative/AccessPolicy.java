package dev.jdns.authoritative;

import dev.jdns.authoritative.tsig.TsigKeyring;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * The keys a server holds and who may do what with them: transfer zones, send NOTIFY (kept for the secondary
 * role), update a zone ({@link UpdateResponder}). Every ACL's keys are in the keyring, checked on construction,
 * so a typo in a key name stops the server at start rather than refusing every transfer later.
 *
 * @param allowUpdate per zone origin
 */
public record AccessPolicy(TsigKeyring keys, Acl allowTransfer, Acl allowNotify, Map<Name, Acl> allowUpdate) {

    /** No keys, nobody may transfer, notify or update. */
    public static final AccessPolicy NOBODY = new AccessPolicy(TsigKeyring.empty(), Acl.NOBODY, Acl.NOBODY, Map.of());

    public AccessPolicy {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(allowTransfer, "allowTransfer");
        Objects.requireNonNull(allowNotify, "allowNotify");
        allowUpdate = Map.copyOf(allowUpdate);
        allowTransfer.requireKeysIn(keys);
        allowNotify.requireKeysIn(keys);
        allowUpdate.values().forEach(acl -> acl.requireKeysIn(keys));
    }

    /** No keys; transfers as {@code allowTransfer} says. */
    public static AccessPolicy transfersBy(Acl allowTransfer) {
        return new AccessPolicy(TsigKeyring.empty(), allowTransfer, Acl.NOBODY, Map.of());
    }
}
