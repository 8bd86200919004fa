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
import java.util.Random;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An exported file imports back to exactly the values it was written from, while a spreadsheet still shows every cell
 * that would run as a formula as text: names of every shape, generated, go out through the export and back in
 * through the import (both over HTTP) into another tenant.
 */
class DidCsvRoundTripTest extends IntegrationTest {

    /** Names generated per run; {@code -Ddidpool.csv.seed=<seed>} replays the run a failure names. */
    private static final int GENERATED = 300;
    private static final int MAX_NAME = 255;
    private static final String FORMULA_START = "=+-@\t\r";

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

    @Test
    void generatedNamesComeBackExactlyThroughExportAndImport() throws IOException {
        long seed = Long.getLong("didpool.csv.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < GENERATED; i++) {
            names.put(DidCsvTest.number(i), name(random));
        }
        ApiClient source = withNames(names);

        String exported = source.get("/api/asterisk-dids/export?sort=number").expect(200).body();

        String replay = "seed " + seed + " (replay: -Ddidpool.csv.seed=" + seed + ")";
        for (CSVRecord row : parse(exported)) {
            assertThat(FORMULA_START.indexOf(row.get("friendlyName").charAt(0))).as(replay + ": " + row).isNegative();
        }
        ApiClient target = newTenant();
        JsonNode imported = importCsv(target, exported, false);
        assertThat(imported.get("created").asLong()).as(replay + ": " + imported).isEqualTo(GENERATED);
        assertThat(namesOf(target)).as(replay).isEqualTo(names);
        // the file changes nothing in the tenant it came from, and the copy exports to the very same file
        assertThat(importCsv(source, exported, false).get("unchanged").asLong()).as(replay).isEqualTo(GENERATED);
        assertThat(target.get("/api/asterisk-dids/export?sort=number").expect(200).body()).as(replay)
                .isEqualTo(exported);
    }

    /**
     * A name of what the name rules take: formula characters and quotes first, quotes, commas, letters of many
     * scripts, combining marks, emoji, U+FFFD, spaces of several kinds, up to the longest name. Never what the rules
     * refuse (controls, tabs and line breaks among them; format characters, noncharacters and lone surrogates).
     */
    private static String name(Random random) {
        String[] starts = {"=", "+", "-", "@", "'", "''", "'=", "'+", " ", "\"", ",", "\ufffd", "\u00a0"};
        String[] pieces = {"a", "Z", "7", " ", ",", "\"", "'", "\"\"", "=", "+", "-", "@", "#", ";", "|", "!", "(",
            ")", "\\", "\u00e9", "\u00df", "\u0436", "\u4e2d\u6587", "\ud55c\uae00", "\u0639", "\u00f1", "e\u0301",
            "\u03a9", "\ud83d\ude00", "\ud83d\udc4d\ud83c\udffd", "\ud83c\uddeb\ud83c\uddf7", "\ud83e\uddea", "\ufffd",
            "\u00a0", "\u2003", "\u3000"};
        int length = switch (random.nextInt(10)) {
            case 0 -> MAX_NAME;
            case 1 -> MAX_NAME - 1 - random.nextInt(20);
            default -> 1 + random.nextInt(30);
        };
        StringBuilder name = new StringBuilder();
        if (random.nextInt(5) < 2) {
            name.append(starts[random.nextInt(starts.length)]);
        }
        while (true) {
            String piece = pieces[random.nextInt(pieces.length)];
            if (name.length() + piece.length() > length) {
                break;
            }
            name.append(piece);
        }
        if (random.nextInt(10) == 0 && name.length() < MAX_NAME) {
            name.append(' ');
        }
        return name.isEmpty() ? "x" : name.toString();
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
