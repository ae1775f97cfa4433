package dev.clusterlog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.query.LabelMatcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL a writing child JVM at random points; every acknowledged entry must be there exactly once. */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEntrySurvivesSigkillExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<String> acked = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            int killAfter = 20 + random.nextInt(300);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), CrashWriterMain.class.getName(), dir.toString(),
                    Integer.toString(round)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int acks = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (acks < killAfter && (line = r.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        String[] f = line.split(" ");
                        acked.add(f[1] + "-b" + f[2]);
                        acks++;
                    }
                }
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(acks).as("child acknowledged batches (seed %d)", seed).isEqualTo(killAfter);
            try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
                Map<String, Integer> seen = new HashMap<>();
                for (StoredEntry e : s.select("t", SelectRequest.builder(List.of(LabelMatcher.eq("app", "crash"))).build()).toList()) {
                    seen.merge(e.lineString().split(" ")[0], 1, Integer::sum);
                }
                for (String batch : acked) {
                    for (int i = 0; i < 50; i++) {
                        assertThat(seen.get(batch + "-e" + i)).as("copies of %s-e%d (seed %d)", batch, i, seed).isEqualTo(1);
                    }
                }
                assertThat(seen.values()).as("no entry twice (seed %d)", seed).allMatch(n -> n == 1);
            }
        }
    }
}
