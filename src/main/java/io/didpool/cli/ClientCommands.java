package io.didpool.cli;

import io.didpool.asterisk.AsteriskConfigCommand;
import io.didpool.twilio.TwilioCommands;
import picocli.CommandLine;

/** Registers the client commands of the features beside {@code serve}. */
final class ClientCommands {

    private ClientCommands() {
    }

    static void register(CommandLine cli) {
        cli.addSubcommand(new TwilioCommands.ImportNumbers());
        cli.addSubcommand(new TwilioCommands.TestCredentials());
        cli.addSubcommand("asterisk-config", new AsteriskConfigCommand());
    }
}
