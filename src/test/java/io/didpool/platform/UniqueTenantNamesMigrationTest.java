package io.didpool.platform;

import static io.didpool.platform.Migrations.flyway;
import static io.didpool.platform.Migrations.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** V11_1: tenant names become unique; a database where two tenants share a name is told which, and left as it was. */
class UniqueTenantNamesMigrationTest {

    private static final String FIRST = "11111111-1111-1111-1111-111111111111";
    private static final String SECOND = "22222222-2222-2222-2222-222222222222";

    @Test
    void sharedNamesAreReportedWithTheSqlThatFixesThemAndNothingChangesUntilThen() {
        String url = TestDatabase.newDatabase("tenantnames");
        flyway(url, "11").migrate();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url));
        jdbc.update("INSERT INTO tenants (id, name, created_at) VALUES (?::uuid, 'acme', now() - interval '1 day'),"
                + " (?::uuid, 'acme', now()), (gen_random_uuid(), 'other', now())", FIRST, SECOND);
        jdbc.update("INSERT INTO api_keys (id, tenant_id, key_hash, created_at) VALUES"
                + " (gen_random_uuid(), ?::uuid, repeat('a', 64), now() - interval '1 hour'),"
                + " (gen_random_uuid(), ?::uuid, repeat('b', 64), now())", FIRST, FIRST);

        ServerErrorMessage refusal = refusal(() -> flyway(url, null).migrate());

        assertThat(refusal.getMessage()).contains("1 name(s) are shared by several tenants; nothing was changed:"
                + " 'acme' (tenants " + FIRST + ", " + SECOND + ")").doesNotContain("other");
        assertThat(refusal.getHint()).contains("UPDATE tenants SET name = name || '-2' WHERE id =");
        assertThat(flyway(url, null).info().current().getVersion().getVersion()).isEqualTo("11");
        assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns"
                + " WHERE table_name = 'api_keys'", String.class)).doesNotContain("name", "read_only");

        jdbc.update("UPDATE tenants SET name = name || '-2' WHERE id = ?::uuid", SECOND);
        flyway(url, null).migrate();

        assertThat(jdbc.queryForList("SELECT name FROM tenants ORDER BY name", String.class))
                .containsExactly("acme", "acme-2", "other");
        assertThat(jdbc.queryForList("SELECT name FROM api_keys ORDER BY created_at", String.class))
                .containsExactly("default", "default-2");
    }
}
