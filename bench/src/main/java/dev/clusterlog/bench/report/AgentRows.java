package dev.clusterlog.bench.report;

import static dev.clusterlog.bench.report.Cells.lost;
import static dev.clusterlog.bench.report.Cells.mb;
import static dev.clusterlog.bench.report.Cells.mib;
import static dev.clusterlog.bench.report.Cells.num;
import static dev.clusterlog.bench.report.Cells.peerName;
import static dev.clusterlog.bench.report.Cells.ratio;

import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.peers.AgentResult;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report's corpus and agent rows: the generator's speed, then each agent beside the peers
 * (CPU per GB, throughput, peak RSS, lines delivered), and the agent pushing to the server. A run
 * that lost or duplicated lines shows its count, never figures.
 */
final class AgentRows {
    private AgentRows() {
    }

    static void add(ReportTable t, CorpusManifest manifest, double generateSeconds, List<AgentResult> agents) {
        String agent = ReportTable.notBuilt("agent");
        t.add("corpus generation", mb(manifest.fileBytes() / 1e6 / generateSeconds) + " MB/s", "", "", "",
                "1 GiB well under a minute");
        List<CorpusManifest.FileEntry> plain = manifest.plainFiles();
        long files = manifest.containers().stream().mapToLong(c -> c.files().size()).sum();
        t.add("agent: input (what every system forwards)", "", "", String.format(Locale.ROOT,
                "%.0f MiB, %d lines in the %d uncompressed files", plain.stream().mapToLong(CorpusManifest.FileEntry::bytes)
                        .sum() / 1048576.0, plain.stream().mapToLong(CorpusManifest.FileEntry::records).sum(), plain.size()),
                "", String.format(Locale.ROOT, "the %d gzipped files (%.0f MiB) are not read: the peers cannot",
                        files - plain.size(), (manifest.fileBytes() - plain.stream().mapToLong(CorpusManifest.FileEntry::bytes)
                                .sum()) / 1048576.0));
        AgentResult ours = agents.stream().filter(r -> r.name().equals("clusterlog")).findFirst().orElse(null);
        AgentResult toServer = agents.stream().filter(r -> r.name().equals("clusterlog-server")).findFirst().orElse(null);
        List<AgentResult> peers = agents.stream().filter(r -> !r.name().startsWith("clusterlog")).toList();
        AgentResult better = peers.stream().filter(r -> r.ran() && !r.name().equals("cat") && r.linesMatch())
                .min(Comparator.comparingDouble(AgentResult::cpuSecondsPerGb)).orElse(null);
        AgentResult betterThroughput = peers.stream().filter(r -> r.ran() && !r.name().equals("cat") && r.linesMatch())
                .max(Comparator.comparingDouble(AgentResult::megabytesPerSecond)).orElse(null);
        AgentResult betterRss = peers.stream().filter(r -> r.ran() && r.peakRssBytes() >= 0 && r.linesMatch())
                .min(Comparator.comparingLong(AgentResult::peakRssBytes)).orElse(null);
        boolean oursOk = ours != null && ours.linesMatch();
        String oursFailed = ours == null ? agent : !ours.ran() ? "skipped: " + ours.skipped() : "FAILED: " + lost(ours);
        boolean first = true;
        for (AgentResult r : peers) {
            t.add(first ? "agent: CPU-s per GB forwarded (file to TCP)" : "",
                    first ? (oursOk ? num(ours.cpuSecondsPerGb()) : oursFailed) : "", peerName(r),
                    !r.ran() ? "skipped: " + r.skipped() : r.linesMatch() ? num(r.cpuSecondsPerGb())
                            : "FAILED: " + lost(r),
                    first && oursOk && better != null ? ratio(ours.cpuSecondsPerGb() / better.cpuSecondsPerGb())
                            + " of " + better.name() : "—",
                    first ? "<= 1/3 of the better peer" + (better != null ? " (" + num(better.cpuSecondsPerGb() / 3)
                            + ")" : "") + " (~5 on DESIGN's corpus)" : "");
            first = false;
        }
        first = true;
        for (AgentResult r : peers) {
            if (!r.ran()) {
                continue;
            }
            t.add(first ? "agent: throughput" : "", first ? (oursOk ? mb(ours.megabytesPerSecond()) + " MB/s" : oursFailed)
                    : "", peerName(r), r.linesMatch() ? mb(r.megabytesPerSecond()) + " MB/s" : "FAILED: " + lost(r),
                    first && oursOk && betterThroughput != null ? ratio(ours.megabytesPerSecond()
                            / betterThroughput.megabytesPerSecond()) + " of " + betterThroughput.name() : "—", "");
            first = false;
        }
        first = true;
        for (AgentResult r : peers) {
            if (!r.ran() || r.peakRssBytes() < 0) {
                continue;
            }
            t.add(first ? "agent: peak RSS" : "", first ? (oursOk ? mib(ours.peakRssBytes()) + " (JVM, -Xmx256m)"
                    : oursFailed) : "", peerName(r), r.linesMatch() ? mib(r.peakRssBytes()) : "FAILED: " + lost(r),
                    first && oursOk && betterRss != null ? ratio(ours.peakRssBytes() / (double) betterRss.peakRssBytes())
                            + " of " + betterRss.name() : "—", first ? "<= 128 MiB" : "");
            first = false;
        }
        first = true;
        for (AgentResult r : peers) {
            if (!r.ran()) {
                continue;
            }
            t.add(first ? "agent: lines delivered / expected" : "", first ? (ours == null ? agent : !ours.ran()
                    ? "skipped: " + ours.skipped() : ours.deliveredLines() + " / " + ours.expectedLines()
                    + (ours.linesMatch() ? " ok" : " MISMATCH") + " logical lines (JSON lines, content not"
                    + " byte-checked)") : "", peerName(r),
                    r.deliveredLines() + " / " + r.expectedLines() + (r.linesMatch() ? " ok" : " MISMATCH")
                            + (r.contentMatches() ? ", content ok" : ", content differs"),
                    "", first ? "all, every run" : "");
            first = false;
        }
        if (toServer != null) {
            t.add("agent to the clusterlog server (http push, gzip): lines in the store / expected",
                    !toServer.ran() ? "skipped: " + toServer.skipped() : toServer.deliveredLines() + " / "
                            + toServer.expectedLines() + (toServer.linesMatch() ? " ok" : " MISMATCH"),
                    "", "", "", "all, every run");
            if (toServer.linesMatch()) {
                t.add("agent to the clusterlog server: agent CPU-s per GB, MB/s, peak RSS", String.format(Locale.ROOT,
                        "%s CPU-s/GB, %s MB/s, %s", num(toServer.cpuSecondsPerGb()), mb(toServer.megabytesPerSecond()),
                        mib(toServer.peakRssBytes())), "", "", "", "");
            }
        }
    }
}
