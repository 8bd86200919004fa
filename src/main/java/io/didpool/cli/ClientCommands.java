package io.didpool.cli;

import picocli.CommandLine;

/** Registers the client commands of the features beside {@code serve}. */
final class ClientCommands {

    private ClientCommands() {
    }

    static void register(CommandLine cli) {
        // Features add their commands here (import-twilio-numbers, test-twilio-credentials, asterisk-config).
        cli.addSubcommand("asterisk-config", new io.didpool.asterisk.AsteriskConfigCommand());
    }
}
