package dev.clusterlog.bench.report;

import dev.clusterlog.bench.peers.AgentResult;
import java.util.Locale;

/** How the report writes figures in its cells: ratios, MiB, rates, and a lost run. */
final class Cells {
    private Cells() {
    }

    /** A run that lost (or duplicated) lines has no figures: only the count. */
    static String lost(AgentResult r) {
        return "delivered " + r.deliveredLines() + " of " + r.expectedLines() + " lines";
    }

    static String peerName(AgentResult r) {
        return r.name().equals("cat") ? "cat (read limit)" : r.name();
    }

    static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2fx", v);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    static String mb(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

}
