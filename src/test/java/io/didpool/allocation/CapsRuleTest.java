package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Under its caps" is written once in SQL ({@code did_under_caps}, V22) and once in Java ({@link Caps}) for the
 * replay: the two must answer alike on every case, and PostgreSQL must inline the SQL function, so that the hot read
 * keeps the plan of the conditions it replaced.
 */
class CapsRuleTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void javaAndSqlAgreeOnWhetherADidIsUnderItsCaps() {
        Random random = new Random(25);
        List<Long> hours = new ArrayList<>();
        List<Long> days = new ArrayList<>();
        List<Integer> perHours = new ArrayList<>();
        List<Integer> perDays = new ArrayList<>();
        List<Integer> mores = new ArrayList<>();
        // every small case, at and around each cap, with and without each cap
        for (long hour = 0; hour <= 4; hour++) {
            for (long day = hour; day <= 6; day++) {
                for (Integer perHour : new Integer[] {null, 1, 2, 3, 4}) {
                    for (Integer perDay : new Integer[] {null, 1, 3, 5, 7}) {
                        for (int more = 0; more <= 3; more++) {
                            hours.add(hour);
                            days.add(day);
                            perHours.add(perHour);
                            perDays.add(perDay);
                            mores.add(more);
                        }
                    }
                }
            }
        }
        // and large ones
        for (int i = 0; i < 2_000; i++) {
            long hour = random.nextInt(100_000);
            hours.add(hour);
            days.add(hour + random.nextInt(100_000));
            perHours.add(random.nextBoolean() ? null : random.nextInt(200_000));
            perDays.add(random.nextBoolean() ? null : random.nextInt(200_000));
            mores.add(random.nextInt(300));
        }
        List<Boolean> sql = jdbc.sql("""
                        SELECT did_under_caps(c.hour, c.day, c.per_hour, c.per_day, c.more)
                          FROM unnest(CAST(:hours AS bigint[]), CAST(:days AS bigint[]), CAST(:perHours AS int[]),
                                      CAST(:perDays AS int[]), CAST(:mores AS int[])) WITH ORDINALITY
                               AS c(hour, day, per_hour, per_day, more, n)
                         ORDER BY c.n""")
                .param("hours", hours.toArray(Long[]::new))
                .param("days", days.toArray(Long[]::new))
                .param("perHours", perHours.toArray(Integer[]::new))
                .param("perDays", perDays.toArray(Integer[]::new))
                .param("mores", mores.toArray(Integer[]::new))
                .query(Boolean.class).list();

        assertThat(sql).hasSize(hours.size());
        for (int i = 0; i < hours.size(); i++) {
            assertThat(Caps.under(hours.get(i), days.get(i), perHours.get(i), perDays.get(i), mores.get(i)))
                    .as("%d calls in the hour, %d in the day, caps %s/%s, %d more", hours.get(i), days.get(i),
                            perHours.get(i), perDays.get(i), mores.get(i))
                    .isEqualTo(sql.get(i));
        }
    }

    @Test
    void theCapsFunctionsArePlannedIntoTheStatementsThatCallThem() {
        String plan = String.join("\n", jdbc.sql("""
                        EXPLAIN (VERBOSE, COSTS OFF)
                        SELECT d.id FROM asterisk_dids d
                         CROSS JOIN LATERAL did_calls_for_caps(d.id, d.last_call_at, d.calls_hour_bound,
                                                               d.calls_day_bound, d.calls_hour_since,
                                                               d.calls_day_since, 10, 100, 5) cc
                         WHERE did_under_caps(cc.calls_last_hour, cc.calls_last_day, 10, 100, 0)""")
                .query(String.class).list());

        assertThat(plan).doesNotContain("did_under_caps").doesNotContain("did_known_calls")
                .doesNotContain("did_calls_for_caps").doesNotContain("Function Scan");
    }
}
