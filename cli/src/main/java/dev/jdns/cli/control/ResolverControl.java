package dev.jdns.cli.control;

import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.validate.Validator;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** The resolver's control verbs: its cache (status, flushes, dump and load) and {@code reload}. */
public final class ResolverControl {

    private ResolverControl() {}

    /**
     * @param validator    whose verdicts are flushed with the answers they judged
     * @param reloadConfig what SIGHUP does (re-read {@code --config}); empty without a config file
     */
    public static ControlCommands addTo(ControlCommands commands, Resolver resolver, Optional<Validator> validator,
            Optional<Runnable> reloadConfig, Clock clock) {
        return commands
                .on(ControlVerb.STATUS, (arguments, data, out) -> out.line("cache: " + resolver.cachedEntries()
                        + " entries, " + resolver.cachedBytes() + " bytes"))
                .on(ControlVerb.FLUSH, (arguments, data, out) -> {
                    Name name = name(arguments);
                    out.line("flushed " + forget(resolver, validator, name::equals) + " entries of " + name);
                })
                .on(ControlVerb.FLUSH_ZONE, (arguments, data, out) -> {
                    Name zone = name(arguments);
                    out.line("flushed " + forget(resolver, validator, owner -> owner.subdomain(zone))
                            + " entries at and under " + zone);
                })
                .on(ControlVerb.FLUSH_ALL, (arguments, data, out) ->
                        out.line("flushed " + forget(resolver, validator, owner -> true) + " entries"))
                .on(ControlVerb.DUMP_CACHE, (arguments, data, out) ->
                        CacheDump.write(resolver::forEachCachedAnswer, clock.instant(), out))
                .on(ControlVerb.LOAD_CACHE, (arguments, data, out) -> {
                    CacheDump.Loaded loaded = CacheDump.read(data, clock, resolver::restore);
                    out.line("loaded " + loaded.loaded() + " entries; skipped " + loaded.expired()
                            + " expired since the dump and " + loaded.refused() + " the cache refused");
                })
                .on(ControlVerb.RELOAD, (arguments, data, out) -> {
                    if (!arguments.isEmpty()) {
                        throw new ControlException("a resolver has no zones to reload");
                    }
                    if (reloadConfig.isEmpty()) {
                        out.line("nothing to reload: no --config (the hosts file is re-read when it changes)");
                        return;
                    }
                    reloadConfig.get().run();
                    out.line("config file re-read (as SIGHUP; the log says what waits for a restart)");
                });
    }

    /** Answers, zone cuts and verdicts at the names picked; a kept reply made from them is not sent again. */
    private static long forget(Resolver resolver, Optional<Validator> validator, Predicate<Name> which) {
        return resolver.forget(which) + validator.map(v -> v.forget(which)).orElse(0L);
    }

    static Name name(List<String> arguments) throws ControlException {
        try {
            return Name.fromString(arguments.getFirst(), Name.root);
        } catch (TextParseException e) {
            throw new ControlException("bad name " + arguments.getFirst() + ": " + e.getMessage());
        }
    }
}
