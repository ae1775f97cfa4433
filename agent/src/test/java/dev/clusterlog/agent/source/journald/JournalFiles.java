package dev.clusterlog.agent.source.journald;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real journal files for tests: export-format text (PROTOCOLS.md §4.2) piped into Debian's
 * {@code systemd-journal-remote}, which writes (or appends to) a journal file that
 * {@code journalctl --file} reads.
 */
final class JournalFiles {
    static final Path REMOTE = Path.of("/lib/systemd/systemd-journal-remote");
    static final String BOOT = "6c7c6013a26343b29e964691ff25d04c";

    private JournalFiles() {
    }

    /** Skips the calling test (not a failure) when journalctl or systemd-journal-remote is missing. */
    static void assumeTools() {
        boolean journalctl = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            journalctl |= Files.isExecutable(Path.of(dir, "journalctl"));
        }
        assumeTrue(journalctl && Files.isExecutable(REMOTE),
                "journald tests need journalctl and " + REMOTE + " (Debian: apt-get install systemd-journal-remote;"
                        + " .ci/install-test-deps.sh does it)");
    }

    /** An entry: unit, message (String or byte[]), the realtime µs; PRIORITY 6, SYSLOG_IDENTIFIER and _PID set. */
    static Map<String, Object> entry(String unit, Object message, long realtimeMicros) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("__REALTIME_TIMESTAMP", Long.toString(realtimeMicros));
        e.put("__MONOTONIC_TIMESTAMP", Long.toString(realtimeMicros % 1_000_000_000L + 1));
        e.put("_BOOT_ID", BOOT);
        e.put("_HOSTNAME", "node-a");
        if (unit != null) {
            e.put("_SYSTEMD_UNIT", unit);
        }
        e.put("PRIORITY", "6");
        e.put("SYSLOG_IDENTIFIER", unit == null ? "kernel" : unit.replace(".service", ""));
        e.put("_PID", "4242");
        e.put("MESSAGE", message);
        return e;
    }

    /** Appends entries to {@code journal} (created when missing) through systemd-journal-remote. */
    static void append(Path journal, List<Map<String, Object>> entries) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map<String, Object> e : entries) {
            for (Map.Entry<String, Object> f : e.entrySet()) {
                if (f.getValue() instanceof byte[] b) {
                    out.write(f.getKey().getBytes(StandardCharsets.US_ASCII));
                    out.write('\n');
                    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(b.length).array());
                    out.write(b);
                    out.write('\n');
                } else {
                    out.write((f.getKey() + "=" + f.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            out.write('\n');
        }
        Files.createDirectories(journal.getParent());
        Process p = new ProcessBuilder(REMOTE.toString(), "--output=" + journal, "-")
                .redirectErrorStream(true).start();
        p.getOutputStream().write(out.toByteArray());
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("systemd-journal-remote failed: " + said);
        }
    }
}
