package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The questions of the ahead-of-time cache's training run: every reply shape the lab's zones give (each RRset,
 * CNAME chains, wildcard expansions, referrals, NODATA and NXDOMAIN), so that the classes and methods those
 * answers need are in the cache. Bounded: at most {@code limit} questions, in zone order. And, for a load that must
 * miss every cache, {@linkplain #fresh never-asked names}.
 */
public final class TrainingQuestions {

    /** One question and the lab server that is authoritative for it. */
    public record Question(Name name, int type, SimulatedServer server) {

        public String typeName() {
            return Type.string(type);
        }
    }

    private TrainingQuestions() {}

    public static List<Question> of(Topology topology, int limit) {
        List<Question> questions = new ArrayList<>();
        for (SimulatedServer server : topology.servers()) {
            for (LoadedZone zone : server.zones()) {
                addZone(questions, server, zone, limit);
            }
        }
        return questions.size() > limit ? questions.subList(0, limit) : questions;
    }

    private static void addZone(List<Question> questions, SimulatedServer server, LoadedZone zone, int limit) {
        add(questions, new Question(child("nx-training", zone.origin()), Type.A, server)); // NXDOMAIN
        for (Name name : zone.names()) {
            if (questions.size() >= limit) {
                return;
            }
            Name asked = name.isWild() ? child("training", wildcardParent(name)) : name;
            Map<Integer, ?> rrsets = zone.rrsets(name);
            for (Integer type : rrsets.keySet()) {
                add(questions, new Question(asked, type, server));
            }
            if (!rrsets.containsKey(Type.TXT)) {
                add(questions, new Question(asked, Type.TXT, server)); // NODATA, or the CNAME chain's end
            }
        }
    }

    /** The types a fresh name is asked for, in turn: the wildcards' own types, then NODATA ones. */
    private static final int[] FRESH_TYPES = {Type.A, Type.AAAA, Type.TXT, Type.MX};

    /**
     * Question number {@code i} of an endless series of names no cache has seen: {@code w<i>} under each of the
     * lab's wildcards (an expansion, or NODATA for a type the wildcard lacks) in turn with {@code nx<i>} under each
     * zone (NXDOMAIN), each asked of the zone's primary.
     */
    public static IntFunction<Question> fresh(Topology topology) {
        List<FreshParent> parents = new ArrayList<>();
        for (LoadedZone zone : topology.zones()) {
            SimulatedServer primary = topology.primaryOf(zone);
            parents.add(new FreshParent(zone.origin(), false, primary));
            zone.names().stream().filter(Name::isWild)
                    .forEach(wild -> parents.add(new FreshParent(wildcardParent(wild), true, primary)));
        }
        return i -> {
            FreshParent parent = parents.get(Math.floorMod(i, parents.size()));
            int type = parent.wildcard() ? FRESH_TYPES[Math.floorMod(i / parents.size(), FRESH_TYPES.length)] : Type.A;
            return new Question(child((parent.wildcard() ? "w" : "nx") + i, parent.name()), type, parent.server());
        };
    }

    /** Where fresh names go: under a wildcard's parent, or (not a wildcard) under a zone's apex. */
    private record FreshParent(Name name, boolean wildcard, SimulatedServer server) {}

    private static void add(List<Question> questions, Question question) {
        if (question.type() != Type.RRSIG && question.type() != Type.NSEC) {
            questions.add(question);
        }
    }

    private static Name wildcardParent(Name wildcard) {
        return new Name(wildcard, 1);
    }

    private static Name child(String label, Name parent) {
        try {
            return Name.concatenate(Name.fromString(label), parent);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            return parent; // a name at the length limit: ask the parent itself instead
        }
    }
}
