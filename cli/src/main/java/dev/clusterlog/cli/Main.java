package dev.clusterlog.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code clusterlog} command. Exit codes: 0 ok, 1 an error the user can fix, 2 usage error. */
@Command(
        name = "clusterlog",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Cluster-level logging for Kubernetes and container hosts.",
        subcommands = {UpCommand.class, ServerCommand.class, AgentCommand.class, StreamCommand.class, PodCommand.class, LogsCommand.class,
                QueryCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        routeJavaLoggingToSlf4j();
        System.exit(execute(args));
    }

    /**
     * java.util.logging and System.Logger (whose default backend is java.util.logging; Lucene and
     * some JDK parts use them) go through SLF4J, so that the process has one log format
     * ({@code simplelogger.properties}) instead of JUL's two-line records.
     */
    static void routeJavaLoggingToSlf4j() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Runs the command line and returns the exit code (tests call this in-process). */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> e instanceof UserException ? EXIT_ERROR : EXIT_ERROR);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserException) {
                // kubectl's server-side errors carry their own "error from server" / "Error from server" lead
                String m = e.getMessage();
                commandLine.getErr().println(m.regionMatches(true, 0, "error", 0, 5) ? m : "error: " + m);
                return EXIT_ERROR;
            }
            commandLine.getErr().println("error: " + e);
            e.printStackTrace(commandLine.getErr());
            return EXIT_ERROR;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("error: " + e.getMessage());
            c.getErr().println("See '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_USAGE;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"clusterlog " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
