package io.didpool;

import io.didpool.cli.DidpoolCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The service. {@link #main} is the single entry point of the jar: {@code serve} starts this application,
 * every other command is a short-lived client (see {@link DidpoolCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DidpoolApplication {

    public static void main(String[] args) {
        int exitCode = DidpoolCommand.execute(args);
        if (exitCode != DidpoolCommand.SERVING) {
            System.exit(exitCode);
        }
    }
}
