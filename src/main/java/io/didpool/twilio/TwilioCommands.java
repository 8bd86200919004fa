package io.didpool.twilio;

import io.didpool.cli.ServiceClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The client commands of the Twilio feature; they ask the running service, which holds the credentials. */
public final class TwilioCommands {

    /** An import of a large account takes a while: the service answers when the last page is in. */
    private static final Duration IMPORT_TIMEOUT = Duration.ofHours(1);
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);

    private TwilioCommands() {
    }

    @Command(name = "import-twilio-numbers", mixinStandardHelpOptions = true,
            description = "Import every phone number of the tenant's Twilio account as DIDs of SEGMENT on TRUNK: "
                    + "new numbers are created active, known ones get the segment, trunk and Twilio metadata and "
                    + "keep their usage and status. Uses DIDPOOL_URL and DIDPOOL_API_KEY.")
    public static class ImportNumbers implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", defaultValue = ImportService.DEFAULT_SEGMENT,
                description = "segment of the imported DIDs (default: ${DEFAULT-VALUE})")
        String segment;

        @Parameters(index = "1", arity = "0..1", defaultValue = "TWILIO",
                description = "trunk of the imported DIDs (default: ${DEFAULT-VALUE})")
        String trunk;

        @Option(names = "--dry-run", description = "report what would change, change nothing")
        boolean dryRun;

        @Spec
        CommandSpec spec;

        private final Map<String, String> env;

        public ImportNumbers() {
            this(System.getenv());
        }

        ImportNumbers(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("segment", segment);
            body.put("trunk", trunk);
            body.put("dryRun", dryRun);
            JsonNode result = ServiceClient.fromEnvironment(env)
                    .post("/api/asterisk-dids/import/twilio", body, IMPORT_TIMEOUT);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s the Twilio numbers into segment %s, trunk %s%n",
                    dryRun ? "Dry run (nothing written): would import" : "Imported", segment, trunk);
            for (String field : new String[] {"fetched", "created", "updated", "unchanged", "failed"}) {
                out.printf("  %-10s %d%n", field, result.path(field).asLong());
            }
            for (JsonNode error : result.path("errors")) {
                out.printf("  skipped %s: %s%n", error.path("number").asString("(no number)"),
                        error.path("reason").asString());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "test-twilio-credentials", mixinStandardHelpOptions = true,
            description = "Check the tenant's stored Twilio credentials against Twilio. "
                    + "Uses DIDPOOL_URL and DIDPOOL_API_KEY.")
    public static class TestCredentials implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        private final Map<String, String> env;

        public TestCredentials() {
            this(System.getenv());
        }

        TestCredentials(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            JsonNode result = ServiceClient.fromEnvironment(env)
                    .post("/api/twilio/credentials/test", null, TEST_TIMEOUT);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Twilio accepted the credentials: account \"%s\"%n",
                    result.path("accountFriendlyName").asString(""));
            out.flush();
            return 0;
        }
    }
}
