package io.didpool.did;

import static io.didpool.did.DidCsvTest.assertCounts;
import static io.didpool.did.DidCsvTest.find;
import static io.didpool.did.DidCsvTest.importCsv;
import static io.didpool.did.DidCsvTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An exported file imports back to exactly the values it was written from, while a spreadsheet still shows every cell
 * that would run as a formula as text: names go out through the export and back in through the import (both over
 * HTTP) into another tenant.
 */
class DidCsvRoundTripTest extends IntegrationTest {

    @Test
    void aLeadingQuoteIsKeptThroughExportAndImportAndFormulasStayNeutralised() throws IOException {
        Map<String, String> names = numbered("=1+1", "'=1+1", "'abc", "''=x", "@SUM(A1)", "-2", "+x", "it's");
        ApiClient source = withNames(names);

        String exported = source.get("/api/asterisk-dids/export?sort=number").expect(200).body();

        assertThat(parse(exported).stream().map(r -> r.get("friendlyName"))).containsExactly(
                "'=1+1", "''=1+1", "''abc", "'''=x", "'@SUM(A1)", "'-2", "'+x", "it's");
        ApiClient target = newTenant();
        assertCounts(importCsv(target, exported, false), 8, 8, 0, 0, 0);
        assertThat(namesOf(target)).isEqualTo(names);
        // by hand: the import takes off only a ' the export would have added, before a formula character or a '
        importCsv(target, "number,friendlyName\n+14155550200,'abc\n+14155550201,'=1\n+14155550202,''abc\n", false);
        assertThat(find(target, "+14155550200").get("friendlyName").asString()).isEqualTo("'abc");
        assertThat(find(target, "+14155550201").get("friendlyName").asString()).isEqualTo("=1");
        assertThat(find(target, "+14155550202").get("friendlyName").asString()).isEqualTo("'abc");
    }

    @Test
    void spacesAroundANameAreKeptWhetherTheCellIsQuotedOrNot() {
        Map<String, String> names = numbered(" padded ", "   ", "\u3000ideographic", "em space\u2003");
        ApiClient source = withNames(names);

        String exported = source.get("/api/asterisk-dids/export?sort=number").expect(200).body();
        ApiClient target = newTenant();
        assertCounts(importCsv(target, exported, false), 4, 4, 0, 0, 0);

        assertThat(namesOf(target)).isEqualTo(names);
        // as a spreadsheet saves them: no quotes; spaces around the header, a number or a segment are not theirs
        importCsv(target, " number , segment ,friendlyName\n +14155550200 , s ,  two spaces  \n", false);
        JsonNode saved = find(target, "+14155550200");
        assertThat(saved.get("friendlyName").asString()).isEqualTo("  two spaces  ");
        assertThat(saved.get("segment").asString()).isEqualTo("s");
    }

    @Test
    void aTrunkStartingWithAMinusIsNeutralisedAndComesBack() throws IOException {
        ApiClient source = newTenant();
        source.post("/api/asterisk-dids", Map.of("number", "+14155550100", "trunk", "-x")).expect(201);

        String exported = source.get("/api/asterisk-dids/export").expect(200).body();

        assertThat(parse(exported).get(0).get("trunk")).isEqualTo("'-x");
        ApiClient target = newTenant();
        assertCounts(importCsv(target, exported, false), 1, 1, 0, 0, 0);
        assertThat(find(target, "+14155550100").get("trunk").asString()).isEqualTo("-x");
    }

    /** The names by number, +14155550100 onwards. */
    private static Map<String, String> numbered(String... names) {
        Map<String, String> numbered = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            numbered.put("+14155550" + (100 + i), names[i]);
        }
        return numbered;
    }

    /** A new tenant holding a DID of each number, with its name. */
    private ApiClient withNames(Map<String, String> names) {
        ApiClient tenant = newTenant();
        names.forEach((number, name) -> tenant.post("/api/asterisk-dids",
                Map.of("number", number, "segment", "names", "friendlyName", name)).expect(201));
        return tenant;
    }

    /** Every DID's name by number, as the JSON API returns them. */
    private static Map<String, String> namesOf(ApiClient tenant) {
        JsonNode items = tenant.get("/api/asterisk-dids?size=500&sort=number").expect(200).json().get("items");
        Map<String, String> names = new LinkedHashMap<>();
        items.valueStream().forEach(did -> names.put(did.get("number").asString(), did.get("friendlyName").asString()));
        return names;
    }
}
