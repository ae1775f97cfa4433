package dev.clusterlog.cli;

import picocli.CommandLine.Command;

/** {@code clusterlog logs}: a pod's container logs, with kubectl's flags and semantics. */
@Command(name = "logs", description = "Print the logs of a container in a pod.")
public final class LogsCommand {
}
