package io.didpool.allocation;

import io.didpool.allocation.CandidateReadSql.ReadShape;
import io.didpool.did.NanpGeography;
import io.didpool.did.SegmentPolicy;
import io.didpool.platform.Pipelined;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.stereotype.Repository;

/**
 * Reads a batch's candidates: the pool's first DIDs in rotation order, the next of each area code and region its
 * destinations need, and each destination's sticky DID, with their calls as caps need them, in one statement
 * ({@link CandidateReadSql}). It writes nothing; {@link BatchWriter} writes what the replay picked.
 */
@Repository
class CandidateReader {

    /** The statement of each shape, built once. */
    private static final Map<ReadShape, ParsedStatement> CANDIDATE_READS = new ConcurrentHashMap<>();

    private final JdbcTemplate template;

    CandidateReader(JdbcTemplate template) {
        this.template = template;
    }

    /**
     * The floor of each of these area codes or regions: its own if {@code known} has it, else the pool's (no level
     * of a pool is below the pool); 0 without floors.
     */
    private static Long[] floors(Collection<String> levels, Floors floors, Function<Floors, Map<String, Long>> known) {
        return levels.stream()
                .map(level -> floors == null ? 0L : known.apply(floors).getOrDefault(level, floors.pool()))
                .toArray(Long[]::new);
    }

    /**
     * Reads a batch's candidates in one statement, hence from one snapshot. No row lock is taken: the caller holds
     * the pool's advisory lock, so only pinned allocations, health rests and operator edits can change these rows
     * meanwhile, and {@link BatchWriter#countUses} refuses to write over a DID that changed since this read.
     */
    Candidates readCandidates(CandidateRead read) {
        return candidatesStatement(read).run(template);
    }

    /** {@link #readCandidates} as a statement, to be sent after another in one round trip ({@link Pipelined}). */
    Pipelined.Statement<Candidates> candidatesStatement(CandidateRead read) {
        List<String> regionNames = new ArrayList<>(read.regions().keySet());
        SegmentPolicy segmentCaps = read.segment() == null ? null : read.caps().get(read.segment());
        ParsedStatement statement = CANDIDATE_READS.computeIfAbsent(new ReadShape(read.segment() == null,
                !read.areaCodes().isEmpty(), !regionNames.isEmpty(),
                !read.stickyDestinations().isEmpty() && read.segment() != null, segmentCaps != null,
                !read.caps().isEmpty()), shape -> ParsedStatement.of(CandidateReadSql.sql(shape)));
        List<SegmentPolicy> capPolicies = new ArrayList<>(read.caps().values());
        List<String> local = read.localDestinations();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenant", read.tenant().value())
                .addValue("segment", read.segment())
                .addValue("head", read.head())
                .addValue("allocations", read.allocations())
                .addValue("capHour", segmentCaps == null ? null : segmentCaps.maxCallsPerHour())
                .addValue("capDay", segmentCaps == null ? null : segmentCaps.maxCallsPerDay())
                .addValue("capSegments", read.caps().keySet().toArray(String[]::new))
                .addValue("capHours", capPolicies.stream().map(SegmentPolicy::maxCallsPerHour).toArray(Integer[]::new))
                .addValue("capDays", capPolicies.stream().map(SegmentPolicy::maxCallsPerDay).toArray(Integer[]::new))
                .addValue("areaCodes", read.areaCodes().keySet().toArray(String[]::new))
                .addValue("areaRegions", read.areaCodes().keySet().stream().map(NanpGeography::region)
                        .toArray(String[]::new))
                .addValue("areaGrowth", read.areaCodes().values().toArray(Integer[]::new))
                .addValue("regions", regionNames.toArray(String[]::new))
                .addValue("regionGrowth", regionNames.stream().map(read.regions()::get).toArray(Integer[]::new))
                .addValue("stickyDestinations", read.stickyDestinations().toArray(String[]::new))
                .addValue("stickyDays", read.stickyDays())
                .addValue("trim", read.trimLocal())
                .addValue("localDestinations", local.toArray(String[]::new))
                .addValue("localAreaCodes", local.stream().map(NanpGeography::areaCode).toArray(String[]::new))
                .addValue("localRegions", local.stream().map(d -> NanpGeography.region(NanpGeography.areaCode(d)))
                        .toArray(String[]::new))
                .addValue("snapshot", read.floors() == null ? null : read.floors().snapshot())
                .addValue("poolFloor", read.floors() == null ? 0L : read.floors().pool())
                .addValue("areaFloors", floors(read.areaCodes().keySet(), read.floors(), Floors::areaCodes))
                .addValue("regionFloors", floors(regionNames, read.floors(), Floors::regions));
        return Pipelined.Statement.of(statement.sql(),
                Arrays.asList(NamedParameterUtils.buildValueArray(statement.parsed(), params, null)),
                CandidateReader::candidates);
    }

    private static Candidates candidates(ResultSet rs) throws SQLException {
        Map<UUID, Candidate> all = new LinkedHashMap<>();
        Set<UUID> head = new LinkedHashSet<>();
        Map<String, Set<UUID>> areaRows = new HashMap<>();
        Map<String, Set<UUID>> regionRows = new HashMap<>();
        Map<String, UUID> sticky = new HashMap<>();
        Long poolFloor = null;
        Map<String, Long> areaFloors = new HashMap<>();
        Map<String, Long> regionFloors = new HashMap<>();
        Map<String, Integer> areaLimits = new HashMap<>();
        Map<String, Integer> regionLimits = new HashMap<>();
        String snapshot = null;
        while (rs.next()) {
            String kind = rs.getString("kind");
            String part = rs.getString("part");
            switch (kind) {
                case "pool floor" -> poolFloor = (Long) rs.getObject("usage_count");
                case "area floor" -> areaFloors.put(part, (Long) rs.getObject("usage_count"));
                case "region floor" -> regionFloors.put(part, (Long) rs.getObject("usage_count"));
                case "area limit" -> areaLimits.put(part, rs.getInt("usage_count"));
                case "region limit" -> regionLimits.put(part, rs.getInt("usage_count"));
                case "snapshot" -> snapshot = part;
                case "head" -> head.add(candidate(rs, all));
                case "area" -> areaRows.computeIfAbsent(part, k -> new LinkedHashSet<>()).add(candidate(rs, all));
                case "region" -> regionRows.computeIfAbsent(part, k -> new LinkedHashSet<>()).add(candidate(rs, all));
                default -> sticky.put(part, candidate(rs, all));
            }
        }
        // a level with no DID in a selectable status has no floor of its own: the next read starts it at the pool's
        areaFloors.values().removeIf(Objects::isNull);
        regionFloors.values().removeIf(Objects::isNull);
        Floors floors = poolFloor == null ? null : new Floors(poolFloor, areaFloors, regionFloors, snapshot);
        return new Candidates(List.copyOf(all.values()), head, areaRows, regionRows, areaLimits, regionLimits, sticky,
                floors);
    }

    /** The row's candidate, added to {@code all} unless another part read it already; answers its id. */
    private static UUID candidate(ResultSet rs, Map<UUID, Candidate> all) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        if (!all.containsKey(id)) {
            all.put(id, candidate(rs));
        }
        return id;
    }

    private static Candidate candidate(ResultSet rs) throws SQLException {
        Timestamp lastUsed = rs.getTimestamp("last_used_at");
        return new Candidate(rs.getObject("id", UUID.class), rs.getInt("rank"), rs.getLong("usage_count"),
                lastUsed == null ? null : lastUsed.toInstant(), rs.getString("number"), rs.getString("area_code"),
                rs.getString("region"),
                rs.getLong("calls_hour"), rs.getLong("calls_day"), (Integer) rs.getObject("cap_hour"),
                (Integer) rs.getObject("cap_day"));
    }
}
