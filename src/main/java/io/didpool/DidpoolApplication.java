package io.didpool;

import io.didpool.asterisk.AsteriskConfigCommand;
import io.didpool.cli.DidpoolCommand;
import io.didpool.twilio.TwilioCommands;
import java.util.List;
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
        int exitCode = run(args);
        if (exitCode != DidpoolCommand.SERVING) {
            System.exit(exitCode);
        }
    }

    /** Runs {@code bin/didpool} with these arguments: {@code serve}, or a client command of a feature. */
    public static int run(String... args) {
        return DidpoolCommand.execute(DidpoolApplication.class, List.of(new TwilioCommands.ImportNumbers(),
                new TwilioCommands.TestCredentials(), new AsteriskConfigCommand()), args);
    }
}
