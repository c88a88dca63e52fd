package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's AOT cache training run: it really queries the lab it starts, over loopback, and says so. */
class AotTrainingCommandTest {

    @Test
    void asksEveryQuestionOfTheResolverTwiceAndOfItsServerOnceAndCountsTheReplies() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("aot-training", "--questions", "12", "--log-level", "warning");

        assertEquals(0, exit, err.toString());
        Matcher summary = Pattern.compile("jdns aot-training: (\\d+) of (\\d+) queries answered").matcher(err.toString());
        assertTrue(summary.find(), err.toString());
        assertEquals(36, Integer.parseInt(summary.group(2)), "12 questions, three queries each");
        assertEquals(36, Integer.parseInt(summary.group(1)), "every query of the lab's own zones gets a reply");
    }

    @Test
    void isNotListedInTheHelp() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.execute("--help");
        assertTrue(out.toString().contains("serve"), out.toString());
        assertTrue(!out.toString().contains("aot-training"), out.toString());
    }
}
