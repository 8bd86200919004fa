package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * CSV out and in: a round trip of 10,000 DIDs, per-row errors, RFC 4180 quoting, formulas neutralised, a byte order
 * mark, bytes that are not UTF-8.
 */
class DidCsvTest extends IntegrationTest {

    static final String HEADER = "number,segment,trunk,status,friendlyName,usageCount,lastUsedAt";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Test
    void tenThousandDidsGoOutEditedAndComeBackIn() throws IOException {
        ApiClient tenant = newTenant();
        StringBuilder csv = new StringBuilder("number,segment,friendlyName\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(number(i)).append(",round-").append(i % 4).append(",line ").append(i).append('\n');
        }
        JsonNode created = importCsv(tenant, csv.toString(), false);
        assertCounts(created, 10_000, 10_000, 0, 0, 0);
        String allocated = tenant.get("/api/asterisk-dids?q=" + number(7).substring(1)).json().get("items").get(0)
                .get("id").asString();
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", allocated)).expect(200);

        ApiClient.Response export = tenant.get("/api/asterisk-dids/export?segment=round-3");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("text/csv");
        List<CSVRecord> rows = parse(export.body());
        assertThat(export.body()).startsWith(HEADER + "\r\n");
        assertThat(rows).hasSize(2_500);
        CSVRecord seventh = rows.stream().filter(r -> r.get("number").equals(number(7))).findFirst().orElseThrow();
        assertThat(seventh.get("segment")).isEqualTo("round-3");
        assertThat(seventh.get("trunk")).isEqualTo("TWILIO");
        assertThat(seventh.get("status")).isEqualTo("active");
        assertThat(seventh.get("friendlyName")).isEqualTo("line 7");
        assertThat(seventh.get("usageCount")).isEqualTo("1");
        assertThat(seventh.get("lastUsedAt")).isNotEmpty();

        // the operator edits the exported file: another segment, a status, a name with a comma, quotes and a formula
        StringBuilder edited = new StringBuilder(HEADER + "\n");
        for (CSVRecord row : rows) {
            String name = row.get("number").equals(number(7)) ? "\"=HYPERLINK(\"\"x\"\"), and more\"" : row.get("friendlyName");
            edited.append(row.get("number")).append(",moved,").append(row.get("trunk")).append(',')
                    .append(row.get("number").endsWith("1") ? "quarantined" : row.get("status")).append(',')
                    .append(name).append(',').append(row.get("usageCount")).append(',').append(row.get("lastUsedAt"))
                    .append('\n');
        }
        JsonNode again = importCsv(tenant, edited.toString(), false);

        assertCounts(again, 2_500, 0, 2_500, 0, 0);
        assertThat(total(tenant, "segment=moved")).isEqualTo(2_500);
        assertThat(total(tenant, "segment=round-3")).isZero();
        assertThat(total(tenant, "segment=moved&status=quarantined")).isEqualTo(500);
        JsonNode seven = tenant.get("/api/asterisk-dids/" + allocated).json();
        assertThat(seven.get("friendlyName").asString()).isEqualTo("=HYPERLINK(\"x\"), and more");
        assertThat(seven.get("usageCount").asLong()).isEqualTo(1);

        // exported again, the formula is neutralised for spreadsheets, and the file imports back unchanged
        String reexport = tenant.get("/api/asterisk-dids/export?segment=moved").expect(200).body();
        CSVRecord formula = parse(reexport).stream().filter(r -> r.get("number").equals(number(7))).findFirst()
                .orElseThrow();
        assertThat(formula.get("friendlyName")).isEqualTo("'=HYPERLINK(\"x\"), and more");
        assertCounts(importCsv(tenant, reexport, false), 2_500, 0, 0, 2_500, 0);
        assertThat(tenant.get("/api/asterisk-dids/" + allocated).json().get("friendlyName").asString())
                .isEqualTo("=HYPERLINK(\"x\"), and more");
    }

    @Test
    void aFileOfSeveralStatementsIsCountedAcrossThemAsOne() {
        ApiClient tenant = newTenant();
        StringBuilder first = new StringBuilder("number,segment\n");
        for (int i = 0; i < 12_000; i += 2) {
            first.append(number(i)).append(",before\n");
        }
        assertCounts(importCsv(tenant, first.toString(), false), 6_000, 6_000, 0, 0, 0);

        // existing and new numbers alternate, so that every statement of the file has some of each
        StringBuilder second = new StringBuilder("number,segment\n");
        for (int i = 0; i < 12_000; i++) {
            second.append(number(i)).append(i % 4 == 0 ? ",after\n" : ",before\n");
        }

        assertCounts(importCsv(tenant, second.toString(), false), 12_000, 6_000, 3_000, 3_000, 0);
        assertThat(total(tenant, "segment=after")).isEqualTo(3_000);
        assertThat(total(tenant, "segment=before")).isEqualTo(9_000);
    }

    @Test
    void invalidRowsAreListedWithTheirRowAndSkippedWhileTheValidOnesAreAllWritten() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "kept");
        String csv = """
                number,segment,trunk,status,friendlyName
                +14155550100,,,,
                +14155550101,good,,available,a name
                14155550102,good,,,
                +14155550103,Bad Segment,,,
                +14155550104,good,no spaces,,
                +14155550105,good,,retired,
                +14155550101,good,,,twice
                +14155550106,good
                +14155550107,good,,,"multi
                line name"
                +14155550108,good,SIP-2,,
                """;

        JsonNode preview = importCsv(tenant, csv, true);
        assertCounts(preview, 10, 2, 1, 0, 7);
        assertThat(total(tenant, "")).isEqualTo(1);

        JsonNode result = importCsv(tenant, csv, false);

        assertCounts(result, 10, 2, 1, 0, 7);
        assertThat(result.get("errors").valueStream().map(e -> e.get("number").asString() + " " + e.get("reason")
                .asString())).containsExactly(
                "14155550102 row 4: number: must be an E.164 number such as +14155550100",
                "+14155550103 row 5: segment: a segment name is 1 to 63 lowercase letters, digits, '.', '_' or '-',"
                        + " starting with a letter or digit",
                "+14155550104 row 6: trunk: a trunk name is 1 to 64 letters, digits, '_' or '-'",
                "+14155550105 row 7: status: must be one of active, available, inactive, quarantined, released",
                "+14155550101 row 8: number: already on row 3 of this file",
                "+14155550106 row 9: has 2 fields where the header has 5",
                "+14155550107 row 10: friendlyName: " + io.didpool.api.PlainText.MESSAGE);
        // an empty segment cell clears the segment; an empty trunk or status keeps the DID's (new: the defaults)
        JsonNode cleared = find(tenant, "+14155550100");
        assertThat(cleared.get("segment").isNull()).isTrue();
        assertThat(cleared.get("status").asString()).isEqualTo("active");
        JsonNode available = find(tenant, "+14155550101");
        assertThat(available.get("status").asString()).isEqualTo("available");
        assertThat(available.get("importSource").asString()).isEqualTo("csv");
        assertThat(find(tenant, "+14155550108").get("trunk").asString()).isEqualTo("SIP-2");
        assertThat(total(tenant, "")).isEqualTo(3);
    }

    @Test
    void aFileWithAnUnknownOrMissingColumnIsRefusedWholeNamingIt() {
        ApiClient tenant = newTenant();
        ApiClient.Response unknown = tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv",
                "number,segmnet\n+14155550100,a\n");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).startsWith("columns: unknown column segmnet; a CSV import"
                + " takes number, segment, trunk, status, friendlyName");
        ApiClient.Response noNumber = tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv", "segment\na\n");
        assertThat(noNumber.status()).isEqualTo(400);
        assertThat(noNumber.json().get("detail").asString()).contains("no number column");
        ApiClient.Response empty = tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv", "");
        assertThat(empty.status()).isEqualTo(400);
        ApiClient.Response malformed = tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv",
                "number,friendlyName\n+14155550100,\"unclosed\n");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asString()).startsWith("body: the CSV is malformed");
        ApiClient.Response json = tenant.post("/api/asterisk-dids/import/csv", Map.of("number", "+14155550100"));
        assertThat(json.status()).isEqualTo(415);
        assertThat(total(tenant, "")).isZero();
    }

    @Test
    void theExportTakesTheListsFiltersAndQuotesAsRfc4180Says() throws IOException {
        ApiClient tenant = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550100", "segment", "csv",
                "friendlyName", "Smith, \"Jr\"")).expect(201);
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550101", "segment", "csv",
                "friendlyName", "@SUM(A1)")).expect(201);
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550102", "segment", "other")).expect(201);

        String body = tenant.get("/api/asterisk-dids/export?segment=csv&sort=number,desc").expect(200).body();

        assertThat(body).isEqualTo(HEADER + "\r\n"
                + "+14155550101,csv,TWILIO,active,'@SUM(A1),0,\r\n"
                + "+14155550100,csv,TWILIO,active,\"Smith, \"\"Jr\"\"\",0,\r\n");
        assertThat(parse(tenant.get("/api/asterisk-dids/export").body())).hasSize(3);
        assertThat(parse(tenant.get("/api/asterisk-dids/export?q=0102").body())).hasSize(1);
        assertThat(tenant.get("/api/asterisk-dids/export?page=0").status()).isEqualTo(400);
    }

    @Test
    void aFileStartingWithAUtf8ByteOrderMarkImportsAndOnlyThatOneMarkIsDropped() {
        ApiClient tenant = newTenant();

        // what Excel's "CSV UTF-8" writes: EF BB BF, then the header
        JsonNode result = importBytes(tenant, bytes(BOM, "number,segment\r\n+14155550100,excel\r\n"))
                .expect(200).json();

        assertCounts(result, 1, 1, 0, 0, 0);
        assertThat(find(tenant, "+14155550100").get("segment").asString()).isEqualTo("excel");
        // a second mark is text like any other: here it makes the header name a column the import does not take
        ApiClient.Response twice = importBytes(tenant, bytes(BOM, BOM, "number\n+14155550101\n"));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("detail").asString()).startsWith("columns: unknown column \ufeffnumber;");
        assertThat(importBytes(tenant, bytes(BOM)).status()).isEqualTo(400);
        assertThat(total(tenant, "")).isEqualTo(1);
    }

    @Test
    void aCellThatIsNotValidUtf8IsItsRowsErrorNamingTheColumnAndTheOtherRowsAreWritten() {
        ApiClient tenant = newTenant();
        byte[] csv = bytes("number,segment,friendlyName\n",
                "+14155550100,utf8,caf\u00e9 \ufffd as sent\n", // a U+FFFD the file really holds: valid
                "+14155550101,utf8,caf", new byte[] {(byte) 0xE9}, "\n", // Latin-1, not UTF-8
                "+14155550102,utf8,\ufffd then ", new byte[] {(byte) 0xC3, 0x28}, "\n",
                "+14155550103,ut", new byte[] {(byte) 0xFF}, "f8,\ufffd\n",
                "+14155550104,\ufffd,x", new byte[] {(byte) 0x80}, "\n", // a real U+FFFD before the invalid byte
                "+1415555010", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, ",utf8,\n", // a surrogate
                "+14155550106,utf8,\"quoted, ", new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, "\"\n",
                "+14155550107,utf8,plain\n",
                "+14155550108,utf8,cut at the end", new byte[] {(byte) 0xC3});

        JsonNode result = importBytes(tenant, csv).expect(200).json();

        assertCounts(result, 9, 2, 0, 0, 7);
        String advice = ": not valid UTF-8 (save the file as CSV UTF-8)";
        assertThat(result.get("errors").valueStream().map(e -> e.get("reason").asString())).containsExactly(
                "row 3: friendlyName" + advice,
                "row 4: friendlyName" + advice,
                "row 5: segment" + advice,
                "row 6: friendlyName" + advice,
                "row 7: number" + advice,
                "row 8: friendlyName" + advice,
                "row 10: friendlyName" + advice);
        assertThat(find(tenant, "+14155550100").get("friendlyName").asString()).isEqualTo("caf\u00e9 \ufffd as sent");
        assertThat(find(tenant, "+14155550107").get("friendlyName").asString()).isEqualTo("plain");
        assertThat(total(tenant, "")).isEqualTo(2);
    }

    static JsonNode importCsv(ApiClient tenant, String csv, boolean dryRun) {
        return tenant.send("POST", "/api/asterisk-dids/import/csv" + (dryRun ? "?dryRun=true" : ""), "text/csv", csv)
                .expect(200).json();
    }

    static ApiClient.Response importBytes(ApiClient tenant, byte[] csv) {
        return tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv",
                HttpRequest.BodyPublishers.ofByteArray(csv));
    }

    /** The bytes of the parts in turn: byte arrays as they are, strings in UTF-8. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : ((String) part).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static void assertCounts(JsonNode result, long fetched, long created, long updated, long unchanged, long failed) {
        assertThat(List.of(result.get("fetched").asLong(), result.get("created").asLong(),
                result.get("updated").asLong(), result.get("unchanged").asLong(), result.get("failed").asLong()))
                .as(result.toString()).containsExactly(fetched, created, updated, unchanged, failed);
    }

    static long total(ApiClient tenant, String query) {
        return tenant.get("/api/asterisk-dids?size=1&" + query).expect(200).json().get("total").asLong();
    }

    static String number(int i) {
        return "+1650" + String.format("%07d", i);
    }

    static JsonNode find(ApiClient tenant, String number) {
        return tenant.get("/api/asterisk-dids?q=" + number.substring(1)).expect(200).json().get("items").get(0);
    }

    static List<CSVRecord> parse(String csv) throws IOException {
        return new ArrayList<>(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords());
    }
}
