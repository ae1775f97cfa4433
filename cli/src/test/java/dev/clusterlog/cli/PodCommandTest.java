package dev.clusterlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.runtime.state.PodState;
import dev.clusterlog.runtime.state.PodStateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pod run} in-process against {@code pod list}, {@code pod kill} and {@code pod delete} through the CLI. */
class PodCommandTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result execute(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private PodState await(Path root, String what, Predicate<PodState> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<PodState> pods = new PodStateStore(root).list(e -> { });
            if (!pods.isEmpty() && condition.test(pods.get(0))) {
                return pods.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Test
    void runKillListDelete() throws Exception {
        Path root = dir.resolve("node");
        Path manifest = dir.resolve("pod.yaml");
        Files.writeString(manifest, """
                kind: Pod
                metadata: {name: counter}
                spec:
                  containers:
                  - name: count
                    args: [/bin/sh, -c, 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 0.2; done']
                  - name: broken
                    command: [definitely-not-a-command]
                """);
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> execute("pod", "run", "-f",
                manifest.toString(), "--node-root", root.toString(), "--crash-loop-back-off-initial", "100ms"));
        await(root, "count running", p -> p.container("count").isRunning());

        Result kill = execute("pod", "kill", "counter", "-c", "count", "--node-root", root.toString());
        assertThat(kill.exit()).as(kill.err()).isZero();
        PodState s = await(root, "count restarted", p -> p.container("count").restartCount() == 1
                && p.container("count").isRunning());
        Path podDir = root.resolve("pods").resolve(s.logDirectoryName());
        assertThat(podDir.resolve("count/0.log")).exists();
        assertThat(podDir.resolve("count/1.log")).exists();

        Result list = execute("pod", "list", "--node-root", root.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).startsWith("NAMESPACE   NAME      READY   STATUS")
                .contains("default     counter   1/2")
                .contains("broken: waiting RunContainerError: exec: \"definitely-not-a-command\": executable file"
                        + " not found in $PATH");

        Result delete = execute("pod", "delete", "counter", "--node-root", root.toString());
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(delete.out()).isEqualTo("pod \"counter\" deleted\n");
        Result ran = run.get(30, TimeUnit.SECONDS);
        assertThat(ran.exit()).as(ran.err()).isZero();
        assertThat(ran.err()).contains("container count started (instance 0", "container count started (instance 1",
                "container broken failed to start");
        assertThat(podDir).doesNotExist();
        assertThat(new PodStateStore(root).list(e -> { })).isEmpty();
    }

    @Test
    void manifestErrorsAndBadFlagsExitOne() throws Exception {
        Path manifest = dir.resolve("POD.yaml");
        Files.writeString(manifest, """
                kind: Pod
                metadata: {name: p}
                spec:
                  containers: [{name: c, args: ["true"], volumeMounts: [{name: varlog2, mountPath: /var/log}]}]
                """);
        Result bad = execute("pod", "run", "-f", manifest.toString(), "--node-root", dir.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("error: " + manifest + ": document 1: spec.containers[0].volumeMounts[0]:"
                + " volume \"varlog2\" is not defined in spec.volumes\n");

        Result files = execute("pod", "run", "-f", manifest.toString(), "--container-log-max-files", "1");
        assertThat(files.exit()).isEqualTo(1);
        assertThat(files.err()).contains("invalid MaxFiles 1, must be > 1");

        Result size = execute("pod", "run", "-f", manifest.toString(), "--container-log-max-size", "ten");
        assertThat(size.exit()).isEqualTo(1);
        assertThat(size.err()).contains("failed to parse container log max size \"ten\"");

        Result missing = execute("pod", "delete", "nope", "--node-root", dir.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("pod \"nope\" not found in namespace \"default\"");
    }

    @Test
    void durationsLikeKubelet() {
        assertThat(PodCommand.parseDuration("10s", "f")).hasSeconds(10);
        assertThat(PodCommand.parseDuration("1m30s", "f")).hasSeconds(90);
        assertThat(PodCommand.parseDuration("250ms", "f")).hasMillis(250);
    }
}
