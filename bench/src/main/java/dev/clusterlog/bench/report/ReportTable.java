package dev.clusterlog.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one table {@code bench/run} prints, as Markdown (so it goes into BENCHMARKS.md as is):
 * each figure, clusterlog's value, the peer and the peer's value, the ratio, the goal.
 * A figure whose part does not exist yet says so in clusterlog's column; nothing is invented.
 */
final class ReportTable {
    private static final String[] HEADER = {"figure", "clusterlog", "peer", "peer's figure", "ratio", "goal (DESIGN.md)"};

    private final List<String[]> rows = new ArrayList<>();

    void add(String figure, String ours, String peer, String peerValue, String ratio, String goal) {
        // a ratio needs both figures: until clusterlog's exists there is none
        rows.add(new String[] {figure, ours, peer, peerValue, ratio.isEmpty() && !peerValue.isEmpty() ? "—" : ratio, goal});
    }

    static String notBuilt(String module) {
        return "not measured yet (module " + module + " not built)";
    }

    String render() {
        StringBuilder b = new StringBuilder();
        line(b, HEADER);
        String[] rule = new String[HEADER.length];
        Arrays.fill(rule, "---");
        line(b, rule);
        for (String[] r : rows) {
            line(b, r);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells) {
        b.append('|');
        for (String c : cells) {
            b.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        b.append('\n');
    }
}
