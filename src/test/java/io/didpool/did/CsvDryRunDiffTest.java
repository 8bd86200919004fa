package io.didpool.did;

import static io.didpool.did.DidCsvTest.find;
import static io.didpool.did.DidCsvTest.importCsv;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A CSV import says what it changes, dry run or not: per field how many DIDs, and the first changed DIDs (in the
 * file's order) before and after, with only the fields that change.
 */
class CsvDryRunDiffTest extends IntegrationTest {

    @Test
    void aDryRunCountsTheChangesPerFieldAndShowsTheFirstRowsBeforeAndAfterThenTheImportDoesExactlyThat() {
        ApiClient tenant = newTenant();
        importCsv(tenant, """
                number,segment,status,friendlyName
                +14155550100,a,active,desk
                +14155550101,a,active,
                +14155550102,a,active,
                +14155550103,a,active,
                """, false);
        String csv = """
                number,segment,status,friendlyName
                +14155550103,a,active,front desk
                +14155550100,b,active,desk
                +14155550102,a,active,
                +14155550101,b,inactive,
                +14155550104,b,,
                """;

        JsonNode dry = importCsv(tenant, csv, true);

        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("created").asLong()).isEqualTo(1);
        assertThat(dry.get("updated").asLong()).isEqualTo(3);
        assertThat(dry.get("changes").toString())
                .isEqualTo("{\"segment\":2,\"trunk\":0,\"status\":1,\"friendlyName\":1}");
        // in the file's order, each with only what changes
        assertThat(dry.get("sample").toString()).isEqualTo("["
                + "{\"number\":\"+14155550103\",\"before\":{\"friendlyName\":null},"
                + "\"after\":{\"friendlyName\":\"front desk\"}},"
                + "{\"number\":\"+14155550100\",\"before\":{\"segment\":\"a\"},\"after\":{\"segment\":\"b\"}},"
                + "{\"number\":\"+14155550101\",\"before\":{\"segment\":\"a\",\"status\":\"active\"},"
                + "\"after\":{\"segment\":\"b\",\"status\":\"inactive\"}}]");
        assertThat(find(tenant, "+14155550100").get("segment").asString()).as("a dry run writes nothing")
                .isEqualTo("a");

        JsonNode done = importCsv(tenant, csv, false);

        assertThat(done.get("dryRun").asBoolean()).isFalse();
        assertThat(done.get("changes")).isEqualTo(dry.get("changes"));
        assertThat(done.get("sample")).isEqualTo(dry.get("sample"));
        assertThat(find(tenant, "+14155550100").get("segment").asString()).isEqualTo("b");
        assertThat(find(tenant, "+14155550101").get("status").asString()).isEqualTo("inactive");
        assertThat(find(tenant, "+14155550103").get("friendlyName").asString()).isEqualTo("front desk");
        // nothing left to change: no changes, no sample
        JsonNode again = importCsv(tenant, csv, true);
        assertThat(again.get("changes").toString())
                .isEqualTo("{\"segment\":0,\"trunk\":0,\"status\":0,\"friendlyName\":0}");
        assertThat(again.get("sample").size()).isZero();
    }

    @Test
    void theSampleIsTheFirstTwentyChangedRowsOfTheFileAcrossItsStatements() {
        ApiClient tenant = newTenant();
        StringBuilder create = new StringBuilder("number,segment\n");
        StringBuilder move = new StringBuilder("number,segment\n");
        for (int i = 0; i < 5_030; i++) {
            create.append(DidCsvTest.number(i)).append(",old\n");
        }
        // the first 5,000 rows (one statement) change nothing; the rows after them move, from the last number down
        for (int i = 0; i < 5_000; i++) {
            move.append(DidCsvTest.number(i)).append(",old\n");
        }
        for (int i = 5_029; i >= 5_000; i--) {
            move.append(DidCsvTest.number(i)).append(",new\n");
        }
        importCsv(tenant, create.toString(), false);

        JsonNode dry = importCsv(tenant, move.toString(), true);

        assertThat(dry.get("changes").get("segment").asLong()).isEqualTo(30);
        assertThat(dry.get("sample").size()).isEqualTo(CsvImportRepository.SAMPLE_ROWS);
        assertThat(dry.get("sample").get(0).get("number").asString()).isEqualTo(DidCsvTest.number(5_029));
        assertThat(dry.get("sample").get(19).get("number").asString()).isEqualTo(DidCsvTest.number(5_010));
    }
}
