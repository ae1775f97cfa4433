package dev.clusterlog.agent;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.store.EntryCursor;
import dev.clusterlog.store.LogStore;
import dev.clusterlog.store.SelectRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a real store holds: every line of the streams a label matches, with how often it is there. */
final class StoreLines {
    static Map<String, Integer> counts(LogStore store, String label, String value) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (EntryCursor c = store.select("default", SelectRequest.builder(List.of(LabelMatcher.eq(label, value))).build())) {
            while (c.next()) {
                out.merge(new String(c.lineBuffer(), c.lineOffset(), c.lineLength(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Numbers 0..n-1 absent from lines "<number> ..." and numbers present more than once. */
    record Tally(int present, List<Integer> missing, List<Integer> repeated) {
    }

    static Tally tally(Map<String, Integer> lines, int n) {
        int[] seen = new int[n];
        for (Map.Entry<String, Integer> e : lines.entrySet()) {
            String l = e.getKey();
            int sp = l.indexOf(':');
            int i = Integer.parseInt(l.substring(0, sp < 0 ? l.indexOf(' ') : sp).trim());
            if (i < n) {
                seen[i] += e.getValue();
            }
        }
        List<Integer> missing = new java.util.ArrayList<>();
        List<Integer> repeated = new java.util.ArrayList<>();
        int present = 0;
        for (int i = 0; i < n; i++) {
            if (seen[i] == 0) {
                missing.add(i);
            } else {
                present++;
            }
            if (seen[i] > 1) {
                repeated.add(i);
            }
        }
        return new Tally(present, missing, repeated);
    }

    private StoreLines() {
    }
}
