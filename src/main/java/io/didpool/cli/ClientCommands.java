package io.didpool.cli;

import io.didpool.twilio.TwilioCommands;
import picocli.CommandLine;

/** Registers the client commands of the features beside {@code serve}. */
final class ClientCommands {

    private ClientCommands() {
    }

    static void register(CommandLine cli) {
        // Features add their commands here (import-twilio-numbers, test-twilio-credentials, asterisk-config).
        cli.addSubcommand(new TwilioCommands.ImportNumbers());
        cli.addSubcommand(new TwilioCommands.TestCredentials());
    }
}
