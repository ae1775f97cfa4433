package dev.clusterlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamCommandTest {
    @TempDir
    Path tmp;

    static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }

    static final class Sink extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    CompletableFuture<Integer> start(StreamCommand cmd, String... args) {
        CommandLine cl = new CommandLine(cmd);
        return CompletableFuture.supplyAsync(() -> cl.execute(args));
    }

    @Test
    void followsAcrossRenameAndCopytruncateAndRestartsWithoutRepeating() throws Exception {
        Path log = tmp.resolve("1.log");
        Path cp = tmp.resolve("pos");
        Files.writeString(log, "0\n1\n");
        Sink out = new Sink();
        StreamCommand cmd = new StreamCommand();
        cmd.out = out;
        CompletableFuture<Integer> run = start(cmd, "--checkpoint", cp.toString(), "--poll-interval", "20", log.toString());
        await(() -> out.text().equals("0\n1\n"));
        // rename rotation: a line lands in the renamed file after the rename, then the new file
        Files.move(log, tmp.resolve("1.log.1"));
        Files.writeString(tmp.resolve("1.log.1"), "2\n", StandardOpenOption.APPEND);
        Files.writeString(log, "3\n");
        await(() -> out.text().equals("0\n1\n2\n3\n"));
        // copytruncate
        Files.writeString(log, "", StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(log, "4\n", StandardOpenOption.APPEND);
        await(() -> out.text().equals("0\n1\n2\n3\n4\n"));
        cmd.stop.set(true);
        assertThat(run.get()).isZero();

        Files.writeString(log, "5\n", StandardOpenOption.APPEND);
        Sink again = new Sink();
        StreamCommand second = new StreamCommand();
        second.out = again;
        CompletableFuture<Integer> run2 = start(second, "--prefix", "--checkpoint", cp.toString(), "--poll-interval", "20",
                log.toString());
        await(() -> again.text().contains("5"));
        Thread.sleep(100);
        second.stop.set(true);
        assertThat(run2.get()).isZero();
        assertThat(again.text()).isEqualTo("[" + log + "] 5\n");
    }
}
