package io.didpool.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/didpool}: {@code serve} runs the service; the other commands are clients of a running service (or, for
 * {@code asterisk-config}, local file generators) that print a human summary, exit 0 on success and non-zero with
 * a one-line reason on failure.
 */
@Command(name = "didpool", mixinStandardHelpOptions = true, versionProvider = DidpoolCommand.Version.class,
        description = "DID inventory and caller-ID rotation for outbound telephony.")
public class DidpoolCommand implements Callable<Integer> {

    /** Exit code of {@code serve}: the service is running, so the JVM must not exit. */
    public static final int SERVING = -1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command {@code args} name: {@code serve}, which runs {@code application}, or one of
     * {@code clientCommands} (picocli commands of the features, each annotated with its name). The application hands
     * them in, so that this package depends on none of the features.
     */
    public static int execute(Class<?> application, List<Object> clientCommands, String... args) {
        CommandLine cli = new CommandLine(new DidpoolCommand());
        cli.addSubcommand(new Serve(application));
        clientCommands.forEach(cli::addSubcommand);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("didpool: " + CliFailure.oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the HTTP service (SERVER_PORT); with no DIDPOOL_DB_URL it runs its own PostgreSQL "
                    + "with data in DIDPOOL_DATA_DIR.")
    static class Serve implements Callable<Integer> {
        private final Class<?> application;

        Serve(Class<?> application) {
            this.application = application;
        }

        @Override
        public Integer call() {
            try {
                SpringApplication.run(application);
            } catch (RuntimeException e) {
                // Spring has logged the details (or its failure analysis); the command's one line says what failed
                throw new CliFailure("the service did not start: " + reason(e));
            }
            return SERVING;
        }

        /** The first database error in the chain (it names host, port and user), else the deepest message. */
        private static String reason(Throwable e) {
            String deepest = e.getMessage();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.sql.SQLException) {
                    return t.getMessage();
                }
                if (t.getMessage() != null) {
                    deepest = t.getMessage();
                }
            }
            return deepest;
        }
    }

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DidpoolCommand.class.getPackage().getImplementationVersion();
            return new String[] {"didpool " + (version == null ? "(development)" : version)};
        }
    }
}
