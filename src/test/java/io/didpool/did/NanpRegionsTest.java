package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The regions the database reads local presence by: libphonenumber's, written at start-up, derived per number. */
class NanpRegionsTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NanpRegions regions;

    String region(String id) {
        return jdbc.sql("SELECT region FROM asterisk_dids WHERE id = CAST(:id AS uuid)").param("id", id)
                .query((rs, i) -> rs.getString(1)).list().get(0);
    }

    @Test
    void aDidsRegionIsItsAreaCodesAndFollowsItsNumber() {
        ApiClient tenant = newTenant();
        String id = tenant.createDid("+14155550160", "regions").get("id").asString();
        assertThat(region(id)).isEqualTo("CA");

        jdbc.sql("UPDATE asterisk_dids SET number = '+16465550160' WHERE id = CAST(:id AS uuid)").param("id", id)
                .update();
        assertThat(region(id)).isEqualTo("NY");
        // derived, whatever is written to it
        jdbc.sql("UPDATE asterisk_dids SET region = 'TX' WHERE id = CAST(:id AS uuid)").param("id", id).update();
        assertThat(region(id)).isEqualTo("NY");
        jdbc.sql("UPDATE asterisk_dids SET number = '+442071234567' WHERE id = CAST(:id AS uuid)").param("id", id)
                .update();
        assertThat(region(id)).isNull();
    }

    @Test
    void startingAgainRestoresTheLibrarysRegionsAndTheDidsDerivedFromThem() {
        ApiClient tenant = newTenant();
        jdbc.sql("UPDATE nanp_regions SET region = 'NV' WHERE area_code = '702'").update();
        jdbc.sql("DELETE FROM nanp_regions WHERE area_code = '303'").update();
        String vegas = tenant.createDid("+17025550161", "regions").get("id").asString();
        String denver = tenant.createDid("+13035550162", "regions").get("id").asString();
        jdbc.sql("UPDATE nanp_regions SET region = 'UT' WHERE area_code = '702'").update();
        jdbc.sql("UPDATE asterisk_dids SET number = number WHERE id = CAST(:id AS uuid)").param("id", vegas)
                .update();
        assertThat(region(vegas)).isEqualTo("UT");
        assertThat(region(denver)).isNull();

        regions.afterPropertiesSet();

        assertThat(region(vegas)).isEqualTo("NV");
        assertThat(region(denver)).isEqualTo("CO");
    }
}
