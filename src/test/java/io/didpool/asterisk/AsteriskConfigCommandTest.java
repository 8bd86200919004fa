package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.DidpoolApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/didpool asterisk-config}, run as the launcher runs it. */
class AsteriskConfigCommandTest {

    static final String PASSWORD = "Tw1lio-Cred_Pass";

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    /** One section of a pjsip.conf: its name and its key=value lines in order (repeated keys kept). */
    record Section(String name, List<Map.Entry<String, String>> lines) {
        String get(String key) {
            return all(key).isEmpty() ? null : all(key).get(0);
        }

        List<String> all(String key) {
            return lines.stream().filter(l -> l.getKey().equals(key)).map(Map.Entry::getValue).toList();
        }
    }

    static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int code = DidpoolApplication.run(args);
            return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Parses sections as Asterisk's config parser does: {@code ;} starts a comment, {@code [name]} a section. */
    static List<Section> sections(String config) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        for (String raw : config.split("\n")) {
            String line = raw.replaceAll(";.*$", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                current = new Section(line.substring(1, line.indexOf(']')), new ArrayList<>());
                sections.add(current);
            } else {
                int eq = line.indexOf('=');
                current.lines().add(Map.entry(line.substring(0, eq).strip(), line.substring(eq + 1).replaceFirst(
                        "^>", "").strip()));
            }
        }
        return sections;
    }

    static Map<String, Section> byType(List<Section> sections) {
        Map<String, Section> types = new LinkedHashMap<>();
        sections.forEach(s -> types.put(s.get("type"), s));
        return types;
    }

    Path passwordFile(String content) throws IOException {
        Path file = dir.resolve("password-" + System.nanoTime());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void writesAuthAorEndpointAndIdentifyNamedAfterTheTrunk() throws IOException {
        Run run = run("asterisk-config", "--trunk", "TWILIO", "--termination-uri", "acme.pstn.twilio.com",
                "--username", "didpool-user", "--password-file", passwordFile(PASSWORD + "\n").toString());

        assertThat(run.exitCode()).isZero();
        List<Section> sections = sections(run.out());
        assertThat(sections).extracting(Section::name).containsExactly("TWILIO-auth", "TWILIO", "TWILIO",
                "TWILIO-identify");
        Map<String, Section> types = byType(sections);
        assertThat(types.keySet()).containsExactly("auth", "aor", "endpoint", "identify");

        Section auth = types.get("auth");
        assertThat(auth.get("auth_type")).isEqualTo("userpass");
        assertThat(auth.get("username")).isEqualTo("didpool-user");
        assertThat(auth.get("password")).isEqualTo(PASSWORD);

        assertThat(types.get("aor").get("contact")).isEqualTo("sip:acme.pstn.twilio.com");

        Section endpoint = types.get("endpoint");
        assertThat(endpoint.get("aors")).isEqualTo("TWILIO");
        assertThat(endpoint.get("outbound_auth")).isEqualTo("TWILIO-auth");
        assertThat(endpoint.get("from_domain")).isEqualTo("acme.pstn.twilio.com");
        assertThat(endpoint.get("send_pai")).isEqualTo("yes");
        assertThat(endpoint.get("send_rpid")).isEqualTo("yes");
        assertThat(endpoint.get("trust_id_outbound")).isEqualTo("yes");
        assertThat(endpoint.get("direct_media")).isEqualTo("no");
        assertThat(endpoint.all("disallow")).containsExactly("all");
        assertThat(endpoint.get("allow")).isEqualTo("ulaw,alaw");
        assertThat(endpoint.get("context")).isEqualTo("didpool-inbound");

        Section identify = types.get("identify");
        assertThat(identify.get("endpoint")).isEqualTo("TWILIO");
        assertThat(identify.all("match")).containsExactly("acme.pstn.twilio.com", "54.172.60.0/30", "54.244.51.0/30", "54.171.127.192/30",
                "35.156.191.128/30", "54.65.63.192/30", "54.169.127.128/30", "54.252.254.64/30",
                "177.71.206.192/30");

        assertThat(run.out()).doesNotContain("@TRUNK@", "@PASSWORD@", ";;");
        assertThat(run.out().split(PASSWORD, -1)).as("the password appears once, as the auth's password")
                .hasSize(2);
    }

    @Test
    void keepsThePortInTheContactButNotInTheFromDomain() throws IOException {
        Run run = run("asterisk-config", "--trunk", "carrier_2", "--termination-uri", "127.0.0.2:5070",
                "--username", "u", "--password-file", passwordFile(PASSWORD).toString());

        Map<String, Section> types = byType(sections(run.out()));
        assertThat(types.get("aor").get("contact")).isEqualTo("sip:127.0.0.2:5070");
        assertThat(types.get("endpoint").get("from_domain")).isEqualTo("127.0.0.2");
        assertThat(types.get("endpoint").get("aors")).isEqualTo("carrier_2");
    }

    @Test
    void isTheRepositoryTemplateFilledIn() throws IOException {
        String template = Files.readString(Path.of("asterisk/pjsip-twilio-trunk.conf"));
        Run run = run("asterisk-config", "--trunk", "TWILIO", "--termination-uri", "acme.pstn.twilio.com",
                "--username", "didpool-user", "--password-file", passwordFile(PASSWORD).toString());

        String filled = template.replaceAll("(?m)^;;.*\\R", "").replace("@TRUNK@", "TWILIO")
                .replace("@TERMINATION_URI@", "acme.pstn.twilio.com")
                .replace("@TERMINATION_HOST@", "acme.pstn.twilio.com").replace("@USERNAME@", "didpool-user")
                .replace("@PASSWORD@", PASSWORD);
        assertThat(run.out()).isEqualTo(filled);
    }

    @Test
    void writesTheOutFileWithMode0600AndDoesNotPrintThePassword() throws IOException {
        Path out = dir.resolve("pjsip-twilio.conf");
        Files.writeString(out, "old, world-readable");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));

        Run run = run("asterisk-config", "--trunk", "TWILIO", "--termination-uri", "acme.pstn.twilio.com",
                "--username", "didpool-user", "--password-file", passwordFile(PASSWORD).toString(), "--out",
                out.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(out)).contains("password=" + PASSWORD);
        assertThat(run.out()).contains("TWILIO", out.toString(), "0600").doesNotContain(PASSWORD);
        assertThat(run.err()).doesNotContain(PASSWORD);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void rejectsInputThatWouldBreakTheConfigWithoutPrintingThePassword() throws IOException {
        String secret = "Secret;Pass";
        Map<String, List<String>> bad = new LinkedHashMap<>();
        bad.put("--trunk", args("TWILIO]\n[evil", "acme.pstn.twilio.com", "u", passwordFile(PASSWORD)));
        bad.put("--trunk ", args("TW ILIO", "acme.pstn.twilio.com", "u", passwordFile(PASSWORD)));
        bad.put("--termination-uri", args("TWILIO", "acme.pstn.twilio.com\ncontact=sip:evil", "u",
                passwordFile(PASSWORD)));
        bad.put("--termination-uri ", args("TWILIO", "sip:acme.pstn.twilio.com;transport=tls", "u",
                passwordFile(PASSWORD)));
        bad.put("--termination-uri  ", args("TWILIO", "-acme..twilio.com", "u", passwordFile(PASSWORD)));
        bad.put("--username", args("TWILIO", "acme.pstn.twilio.com", "u;x", passwordFile(PASSWORD)));
        bad.put("--password-file", args("TWILIO", "acme.pstn.twilio.com", "u", passwordFile(secret)));
        bad.put("--password-file ", args("TWILIO", "acme.pstn.twilio.com", "u", passwordFile("Secret#Pass\n")));
        bad.put("--password-file  ", args("TWILIO", "acme.pstn.twilio.com", "u",
                passwordFile("SecretPass\nauth_type=md5\n")));
        bad.put("--password-file   ", args("TWILIO", "acme.pstn.twilio.com", "u", passwordFile("Secret\rPass")));
        bad.put("--password-file    ", args("TWILIO", "acme.pstn.twilio.com", "u", passwordFile("\n")));
        bad.put("--password-file     ", args("TWILIO", "acme.pstn.twilio.com", "u",
                dir.resolve("missing")));

        for (Map.Entry<String, List<String>> attempt : bad.entrySet()) {
            Path out = dir.resolve("never-written.conf");
            List<String> arguments = new ArrayList<>(attempt.getValue());
            arguments.addAll(List.of("--out", out.toString()));
            Run run = run(arguments.toArray(String[]::new));

            assertThat(run.exitCode()).as(attempt.getKey()).isEqualTo(1);
            assertThat(run.err()).as(attempt.getKey()).startsWith("didpool: " + attempt.getKey().strip() + ":")
                    .doesNotContain(secret, "Secret", "evil").hasLineCount(1);
            assertThat(run.out()).isEmpty();
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void writesTheDialplanWithTheAgiAddressAndTheFallbackRouteMode0600() throws IOException {
        Path dialplan = dir.resolve("extensions-didpool.conf");

        Run run = run("asterisk-config", "--trunk", "TWILIO", "--termination-uri", "acme.pstn.twilio.com",
                "--username", "didpool-user", "--password-file", passwordFile(PASSWORD).toString(),
                "--dialplan-out", dialplan.toString(), "--agi", "10.0.0.5:4600", "--fallback-route", "+14155550100");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("password=" + PASSWORD);
        assertThat(Files.getPosixFilePermissions(dialplan)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String written = Files.readString(dialplan);
        assertThat(written).contains("[didpool-outbound]", "[didpool-inbound]", "AGI(agi://10.0.0.5:4600/inbound)",
                "Dial(PJSIP/+14155550100@${CHANNEL(endpoint)},60)").doesNotContain("@AGI@", "@FALLBACK@", ";;");
        assertThat(run.err()).contains(dialplan.toString(), "agi://10.0.0.5:4600/inbound");

        run("asterisk-config", "--trunk", "TWILIO", "--termination-uri", "acme.pstn.twilio.com", "--username", "u",
                "--password-file", passwordFile(PASSWORD).toString(), "--dialplan-out", dialplan.toString());
        // the defaults: didpool on loopback, and a call it does not decide on is answered busy
        assertThat(Files.readString(dialplan)).contains("AGI(agi://127.0.0.1:4573/inbound)", "Busy(3)");
    }

    @Test
    void refusesAnAgiAddressOrFallbackRouteThatWouldReachTheDialplanUnchecked() throws IOException {
        Map<String, List<String>> bad = new LinkedHashMap<>();
        bad.put("--agi", List.of("--agi", "127.0.0.1:4573/inbound,evil"));
        bad.put("--agi ", List.of("--agi", "127.0.0.1:99999"));
        bad.put("--fallback-route", List.of("--fallback-route", "Local/evil@default"));
        bad.put("--fallback-route ", List.of("--fallback-route", "PJSIP/a,60,U(evil)"));
        bad.put("--fallback-route  ", List.of("--fallback-route", "+1415555\n0100"));
        for (Map.Entry<String, List<String>> attempt : bad.entrySet()) {
            Path dialplan = dir.resolve("never-written-dialplan.conf");
            List<String> arguments = new ArrayList<>(args("TWILIO", "acme.pstn.twilio.com", "u",
                    passwordFile(PASSWORD)));
            arguments.addAll(List.of("--dialplan-out", dialplan.toString()));
            arguments.addAll(attempt.getValue());

            Run run = run(arguments.toArray(String[]::new));

            assertThat(run.exitCode()).as(attempt.getKey()).isEqualTo(1);
            assertThat(run.err()).as(attempt.getKey()).startsWith("didpool: " + attempt.getKey().strip() + ":")
                    .doesNotContain("evil").hasLineCount(1);
            assertThat(run.out()).isEmpty();
            assertThat(dialplan).doesNotExist();
        }
        Run alone = run("asterisk-config", "--trunk", "TWILIO", "--termination-uri", "acme.pstn.twilio.com",
                "--username", "u", "--password-file", passwordFile(PASSWORD).toString(), "--agi", "127.0.0.1:1");
        assertThat(alone.exitCode()).isEqualTo(1);
        assertThat(alone.err()).contains("--dialplan-out").hasLineCount(1);
    }

    private static List<String> args(String trunk, String uri, String username, Path passwordFile) {
        return List.of("asterisk-config", "--trunk", trunk, "--termination-uri", uri, "--username", username,
                "--password-file", passwordFile.toString());
    }
}
