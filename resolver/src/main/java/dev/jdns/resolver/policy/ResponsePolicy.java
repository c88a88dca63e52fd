package dev.jdns.resolver.policy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jdns.resolver.core.PeriodicCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The resolver's response policy zones ({@code --rpz}), in the order given: the first zone with a rule for a name
 * decides (as BIND orders its policy zones; a PASSTHRU rule decides too, so later zones are not consulted). Each
 * file is checked for changes at most every {@link #CHECK_INTERVAL} on the resolver's clock, by the query that
 * finds the check due, and re-read when it changed. Thread-safe.
 */
public final class ResponsePolicy {

    /** As often as the hosts file is checked. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    /** No policy zones: nothing is rewritten. */
    public static final ResponsePolicy NONE = new ResponsePolicy(List.of(), null);

    private final List<PolicyFile> files;
    private final PeriodicCheck changeCheck;
    private volatile Object generation = new Object();

    private ResponsePolicy(List<PolicyFile> files, PeriodicCheck changeCheck) {
        this.files = List.copyOf(files);
        this.changeCheck = changeCheck;
    }

    /**
     * The policy zones in {@code paths}, checked for changes on {@code ticker}.
     *
     * @throws PolicyZoneException when one of them is not a usable policy zone ({@code file:line: reason})
     */
    public static ResponsePolicy load(List<Path> paths, Ticker ticker) throws PolicyZoneException {
        if (paths.isEmpty()) {
            return NONE;
        }
        List<PolicyFile> files = new ArrayList<>();
        for (Path path : paths) {
            files.add(new PolicyFile(path));
        }
        return new ResponsePolicy(files, new PeriodicCheck(ticker, CHECK_INTERVAL));
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** The rule of the first policy zone that has one for {@code name}. */
    public Optional<PolicyMatch> match(Name name) {
        checkForChanges();
        for (PolicyFile file : files) {
            Optional<PolicyMatch> rule = file.zone().match(name);
            if (rule.isPresent()) {
                return rule;
            }
        }
        return Optional.empty();
    }

    /**
     * An object whose identity changes when a policy zone is reloaded (after the same change check as
     * {@link #match}), so replies kept elsewhere can tell they may no longer hold.
     */
    public Object generation() {
        checkForChanges();
        return generation;
    }

    private void checkForChanges() {
        if (changeCheck != null && changeCheck.due()) {
            reloadChanged();
        }
    }

    /** Re-reads every file that changed; one thread at a time. */
    private synchronized void reloadChanged() {
        boolean changed = false;
        for (PolicyFile file : files) {
            changed |= file.reloadIfChanged();
        }
        if (changed) {
            generation = new Object();
        }
    }
}
