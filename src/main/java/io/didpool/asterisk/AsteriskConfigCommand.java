package io.didpool.asterisk;

import io.didpool.cli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/didpool asterisk-config}: a local command (no service, no database) that writes the PJSIP
 * configuration of a Twilio Elastic SIP Trunk. The password is read from a file, never from the command line, and is
 * never printed except inside the configuration itself; a file written with {@code --out} is created mode 0600.
 */
@Command(name = "asterisk-config", mixinStandardHelpOptions = true,
        description = "Write the PJSIP configuration (auth, aor, endpoint, identify) of a Twilio Elastic SIP Trunk: "
                + "to stdout, or to --out created with mode 0600; with --dialplan-out also didpool's dialplan.")
public class AsteriskConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trunk", required = true, paramLabel = "NAME",
            description = "PJSIP endpoint name = the trunk of didpool's DIDs (e.g. TWILIO)")
    String trunk;

    @Option(names = "--termination-uri", required = true, paramLabel = "HOST",
            description = "the trunk's Termination SIP URI host, e.g. example.pstn.twilio.com (optionally :port)")
    String terminationUri;

    @Option(names = "--username", required = true, paramLabel = "U",
            description = "username of the Termination credential list")
    String username;

    @Option(names = "--password-file", required = true, paramLabel = "F",
            description = "file holding the credential's password (one line)")
    Path passwordFile;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (mode 0600) instead of stdout")
    Path out;

    @Option(names = "--dialplan-out", paramLabel = "FILE",
            description = "also write didpool's dialplan (didpool-outbound, didpool-inbound) here, mode 0600, for "
                    + "#include from extensions.conf")
    Path dialplanOut;

    @Option(names = "--agi", paramLabel = "HOST:PORT",
            description = "where didpool's FastAGI listens (DIDPOOL_AGI_BIND), default " + DialplanConfig.DEFAULT_AGI)
    String agi;

    @Option(names = "--fallback-route", paramLabel = "R",
            description = "where an inbound call goes when didpool gives no decision: +<number> (over the trunk it "
                    + "came in on), PJSIP/<endpoint> or PJSIP/<number>@<trunk>; without it such a call is refused "
                    + "(busy)")
    String fallbackRoute;

    @Override
    public Integer call() {
        String config;
        String dialplan = null;
        try {
            if (dialplanOut == null && (agi != null || fallbackRoute != null)) {
                throw new IllegalArgumentException("--agi and --fallback-route go with --dialplan-out FILE");
            }
            if (dialplanOut != null) {
                dialplan = DialplanConfig.render(agi, fallbackRoute);
            }
            config = TrunkConfig.render(trunk, terminationUri, username, readPassword(passwordFile));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
        if (dialplan != null) {
            // the dialplan first: a failure leaves no trunk configuration that names contexts not written
            write(dialplanOut, dialplan);
        }
        if (dialplan != null) {
            spec.commandLine().getErr().printf("Wrote didpool's dialplan (inbound calls ask agi://%s/inbound) to %s, "
                    + "mode 0600. Include it from extensions.conf, then run: asterisk -rx 'dialplan reload'%n",
                    agi == null ? DialplanConfig.DEFAULT_AGI : agi, dialplanOut);
        }
        if (out == null) {
            spec.commandLine().getOut().print(config);
            spec.commandLine().getOut().flush();
            return 0;
        }
        write(out, config);
        spec.commandLine().getOut().printf("Wrote the PJSIP configuration of trunk %s (%s) to %s, mode 0600. "
                + "Include it from pjsip.conf, then run: asterisk -rx 'module reload res_pjsip.so'%n", trunk,
                terminationUri, out);
        return 0;
    }

    /** The file's content without one final line break. */
    static String readPassword(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliFailure("--password-file: cannot read " + file);
        }
        String password = new String(bytes, StandardCharsets.UTF_8);
        if (password.endsWith("\r\n")) {
            return password.substring(0, password.length() - 2);
        }
        return password.endsWith("\n") ? password.substring(0, password.length() - 1) : password;
    }

    /** Created with mode 0600 from the start (a sibling temporary file moved into place), never chmod-ed later. */
    static void write(Path target, String content) {
        Path absolute = target.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(absolute.getParent(), ".asterisk-config", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new CliFailure("--out: cannot write " + target + " (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the move succeeded or the directory is gone: nothing to clean
                }
            }
        }
    }
}
