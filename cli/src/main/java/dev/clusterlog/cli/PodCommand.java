package dev.clusterlog.cli;

import picocli.CommandLine.Command;

/** {@code clusterlog pod run|list|kill|delete}: the local node runtime. */
@Command(name = "pod", description = "Run Pod manifests on this machine, with node log files.")
public final class PodCommand {
}
