package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The final text of every shape of a batch's read and write is the one kept under
 * src/test/resources/io/didpool/allocation/statements, one file per shape: a change to a template shows as a diff of
 * the statements PostgreSQL gets, and moving code cannot change them unseen. After a deliberate change, run with
 * {@code -Dstatements.rewrite=true} to write the new texts, and read their diff.
 */
class StatementTextTest {

    private static final String[] READ_PARTS = {"tenantWide", "areaCodes", "regions", "sticky", "segmentCapped",
            "capped"};

    static Stream<Arguments> shapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (int bits = 0; bits < 1 << READ_PARTS.length; bits++) {
            boolean[] b = new boolean[READ_PARTS.length];
            StringBuilder name = new StringBuilder("read");
            for (int i = 0; i < b.length; i++) {
                b[i] = (bits >> i & 1) == 1;
                if (b[i]) {
                    name.append('-').append(READ_PARTS[i]);
                }
            }
            CandidateReadSql.ReadShape shape = new CandidateReadSql.ReadShape(b[0], b[1], b[2], b[3], b[4], b[5]);
            // a tenant-wide pool has no sticky choices and no caps of its own; a segment's caps are among the caps
            if (!(shape.tenantWide() && (shape.sticky() || shape.segmentCapped()))
                    && !(shape.segmentCapped() && !shape.capped())) {
                shapes.add(Arguments.of(name.toString(), CandidateReadSql.sql(shape)));
            }
        }
        for (boolean sticky : new boolean[] {false, true}) {
            for (boolean all : new boolean[] {false, true}) {
                shapes.add(Arguments.of("write" + (sticky ? "-sticky" : "") + (all ? "-all" : ""),
                        BatchWriter.sql(new BatchWriter.WriteShape(sticky, all))));
            }
        }
        return shapes.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void eachShapeSendsTheStatementKeptForIt(String name, String statement) throws IOException {
        System.out.println("-- " + name + "\n" + statement + "\n");
        if (Boolean.getBoolean("statements.rewrite")) {
            Files.writeString(Path.of("src/test/resources/io/didpool/allocation/statements", name + ".txt"),
                    statement);
        }
        try (InputStream kept = StatementTextTest.class.getResourceAsStream("statements/" + name + ".txt")) {
            assertThat(kept).as("statements/%s.txt", name).isNotNull();
            assertThat(statement).isEqualTo(new String(kept.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
