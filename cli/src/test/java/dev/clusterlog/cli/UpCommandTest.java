package dev.clusterlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code clusterlog up}: server, agent and node runtime together. A pod run on the node writes
 * CRI files, the agent ships them, and {@code logs} answers through the server, also after the
 * pod was deleted from the node.
 */
class UpCommandTest {
    @TempDir
    Path data;

    @Test
    void podLogsReachTheServerAndOutliveThePod() throws Exception {
        UpCommand up = new UpCommand();
        CommandLine upLine = new CommandLine(up);
        upLine.setErr(new PrintWriter(new StringWriter(), true));
        Thread upThread = Thread.ofPlatform().start(() -> upLine.execute("--data", data.toString(), "--listen", "127.0.0.1:0"));
        try {
            assertThat(up.started.await(60, TimeUnit.SECONDS)).isTrue();
            Path manifest = Files.writeString(data.resolve("pod.yaml"), """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: hello}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: c
                        args: [/bin/sh, -c, 'echo one; echo two; echo three']
                    """);
            Path nodeRoot = data.resolve("node");
            assertThat(Main.newCommandLine().execute("pod", "run", "-f", manifest.toString(), "--node-root",
                    nodeRoot.toString())).isZero();
            assertThat(awaitLogs(up.url, "one\ntwo\nthree\n")).isEqualTo("one\ntwo\nthree\n");
            assertThat(Main.newCommandLine().execute("pod", "delete", "hello", "--node-root", nodeRoot.toString())).isZero();
            assertThat(Files.list(nodeRoot.resolve("pods")).count()).isZero();
            assertThat(logs(up.url)).isEqualTo("one\ntwo\nthree\n");
        } finally {
            up.stop.countDown();
            upThread.join(Duration.ofSeconds(30));
        }
        assertThat(upThread.isAlive()).isFalse();
    }

    private static String awaitLogs(String url, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String got = logs(url);
        while (!got.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            got = logs(url);
        }
        return got;
    }

    private static String logs(String url) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            CommandLine cl = Main.newCommandLine();
            cl.setErr(new PrintWriter(new StringWriter(), true));
            cl.execute("logs", "hello", "--server", url);
        } finally {
            System.setOut(original);
        }
        return out.toString(UTF_8);
    }
}
