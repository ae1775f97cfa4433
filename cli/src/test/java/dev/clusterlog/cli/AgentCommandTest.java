package dev.clusterlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {
    @TempDir
    Path tmp;

    @Test
    void sidecarConfigurationShipsBothFilesWithTheirTags() throws Exception {
        Files.writeString(tmp.resolve("1.log"), "0: one\n");
        Files.writeString(tmp.resolve("2.log"), "INFO 0\n");
        Path out = tmp.resolve("out.jsonl");
        Path config = tmp.resolve("agent.yaml");
        Files.writeString(config, """
                agent: {state_dir: %s, poll_interval: 50ms}
                sources:
                  - {name: count-format1, type: file, paths: [%s], tag: count.format1, parser: none}
                  - {name: count-format2, type: file, paths: [%s], tag: count.format2, parser: none}
                output: {type: file, path: %s, batch_wait: 50ms}
                metrics: {listen: ""}
                """.formatted(tmp.resolve("state"), tmp.resolve("1.log"), tmp.resolve("2.log"), out));
        AgentCommand cmd = new AgentCommand();
        CommandLine cl = new CommandLine(cmd);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cl.execute("--config", config.toString()));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(out) && Files.readString(out).lines().count() >= 2)) {
            assertThat(System.nanoTime()).as("both lines shipped in time").isLessThan(deadline);
            Thread.sleep(20);
        }
        cmd.stop.countDown();
        assertThat(run.get()).isZero();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(text).contains("\"tag\":\"count.format1\"").contains("\"line\":\"0: one\"")
                .contains("\"tag\":\"count.format2\"").contains("\"line\":\"INFO 0\"");
        assertThat(tmp.resolve("state/count-format1.checkpoint")).exists();
    }

    @Test
    void anUnknownKeyIsAUserError() throws Exception {
        Path config = tmp.resolve("agent.yaml");
        Files.writeString(config, "output: {kind: http}\n");
        CommandLine cl = Main.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.getSubcommands().containsKey("agent") ? cl.execute("agent", "--config", config.toString())
                : runDirect(config, err);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("Unknown configuration key output.kind: valid keys are");
    }

    /** Until Main lists the agent subcommand: the same handlers around the command alone. */
    private static int runDirect(Path config, StringWriter err) {
        CommandLine cl = new CommandLine(new AgentCommand());
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cl.execute("--config", config.toString());
    }
}
