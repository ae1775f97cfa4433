package dev.clusterlog.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command to completion under {@code bash}, which then prints its children's CPU time
 * from {@code /proc/$$/stat}: wall time, CPU-seconds and exit code of one-shot tools
 * ({@code zstd}, {@code grep}). Output goes to a file.
 */
public final class MeasuredCommand {
    private static final String SCRIPT = "\"$@\" > \"$OUT\" 2>&1; rc=$?; read -r -a s < /proc/$$/stat;"
            + " echo \"$rc $(( s[15] + s[16] ))\"";

    /** @param output what the command printed (stdout and stderr) */
    public record Result(int exitCode, double wallSeconds, double cpuSeconds, String output) {
    }

    private MeasuredCommand() {
    }

    public static Result run(List<String> command, Path outputFile) throws IOException {
        List<String> full = new ArrayList<>(List.of("/bin/bash", "-c", SCRIPT, "measured"));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().put("OUT", outputFile.toString());
        long start = System.nanoTime();
        Process p = pb.start();
        String status;
        try (var in = p.getInputStream()) {
            status = new String(in.readAllBytes()).trim();
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted running " + command, e);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String[] f = status.split(" ");
        if (f.length != 2) {
            throw new IOException("running " + command + ": unexpected status line '" + status + "'");
        }
        return new Result(Integer.parseInt(f[0]), wall, Long.parseLong(f[1]) / (double) ProcessUsage.CLOCK_TICKS_PER_SECOND,
                Files.exists(outputFile) ? Files.readString(outputFile) : "");
    }
}
