package io.didpool.inbound;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import static org.awaitility.Awaitility.await;

/**
 * Asks didpool's FastAGI server as Asterisk's {@code AGI(agi://…/inbound)} does: the {@code agi_*} environment, then
 * "200 result=1" to each command (SET VARIABLE or EXEC MSet). What the server set, and how long it took to close the request.
 */
final class AgiRequests {

    private static final Pattern SET_VARIABLE = Pattern.compile("^SET VARIABLE \"?([^\" ]+)\"? \"(.*)\"$");
    /** {@code EXEC MSet "A=1,B=2"} as asterisk-java writes it: MSet sets each, in order. */
    private static final Pattern MSET = Pattern.compile("^EXEC \"?MSet\"? \"(.*)\"$");

    private AgiRequests() {
    }

    record Answer(Map<String, String> variables, long millis, String uniqueId) {

        String decision() {
            return variables.get("DIDPOOL_DECISION");
        }

        /** The id of the record this call left (matched by its channel), once the writer has written it. */
        String recordId(JdbcClient jdbc) {
            return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                            "SELECT id::text FROM inbound_calls WHERE channel = :channel")
                    .param("channel", uniqueId).query(String.class).optional(), Optional::isPresent).get();
        }
    }

    static Answer ask(int port, String called, String caller, String uniqueId) {
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String environment = """
                    agi_network: yes
                    agi_network_script: inbound
                    agi_request: agi://127.0.0.1:%d/inbound
                    agi_channel: PJSIP/TWILIO-00000001
                    agi_language: en
                    agi_type: PJSIP
                    agi_uniqueid: %s
                    agi_version: 22.0.0
                    agi_callerid: %s
                    agi_calleridname: unknown
                    agi_callingpres: 0
                    agi_dnid: %s
                    agi_rdnis: unknown
                    agi_context: didpool-inbound
                    agi_extension: %s
                    agi_priority: 3
                    agi_enhanced: 0.0
                    agi_accountcode:
                    agi_threadid: 140000000000000

                    """.formatted(port, uniqueId, caller, called, called);
            out.write(environment.getBytes(StandardCharsets.UTF_8));
            out.flush();
            Map<String, String> variables = new LinkedHashMap<>();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Matcher set = SET_VARIABLE.matcher(line);
                Matcher mset = MSET.matcher(line);
                if (set.matches()) {
                    variables.put(set.group(1), set.group(2));
                } else if (mset.matches()) {
                    for (String assignment : mset.group(1).split(",")) {
                        String[] nameValue = assignment.split("=", 2);
                        variables.put(nameValue[0], nameValue[1]);
                    }
                }
                out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return new Answer(variables, (System.nanoTime() - started) / 1_000_000, uniqueId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
