package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.cli.lab.TrainingQuestions.Question;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The training questions cover the reply shapes of the lab's zones, within the bound. */
class TrainingQuestionsTest {

    private static final Path ZONES = Path.of("..").toAbsolutePath().normalize().resolve("zones");

    @Test
    void coverNxdomainNodataWildcardsAndEveryRRsetOfAZone() throws Exception {
        Topology topology = Topology.load(ZONES);
        List<Question> questions = TrainingQuestions.of(topology, 10_000);

        assertTrue(questions.stream().anyMatch(q -> q.name().toString().startsWith("nx-training.")), "NXDOMAIN");
        assertTrue(questions.stream().noneMatch(q -> q.name().isWild()), "wildcards are asked through a name");
        for (Question question : questions) {
            assertTrue(question.server().zones().stream().anyMatch(zone -> zone.contains(question.name())),
                    question + " goes to a server of its zone");
        }
        assertTrue(questions.stream().anyMatch(q -> q.type() == Type.NS), "delegations and apex NS");
        assertTrue(questions.stream().anyMatch(q -> q.type() == Type.TXT), "TXT or NODATA");
    }

    @Test
    void freshNamesAreDistinctInTheirServersZonesAndReachTheWildcards() throws Exception {
        IntFunction<Question> fresh = TrainingQuestions.fresh(Topology.load(ZONES));
        List<Question> questions = IntStream.range(0, 500).mapToObj(fresh).toList();
        assertEquals(questions.size(), questions.stream().map(Question::name).distinct().count(), "never asked twice");
        for (Question question : questions) {
            assertTrue(question.server().zones().stream().anyMatch(zone -> zone.contains(question.name())),
                    question + " goes to a server of its zone");
        }
        assertTrue(questions.stream().anyMatch(q -> q.name().toString().startsWith("w")
                && q.name().toString().contains(".users.example.com.")), "expansions of *.users.example.com");
        assertTrue(questions.stream().anyMatch(q -> q.type() == Type.MX), "types the wildcard lacks: NODATA");
    }

    @Test
    void stopAtTheLimit() throws Exception {
        assertEquals(7, TrainingQuestions.of(Topology.load(ZONES), 7).size());
    }
}
