package io.didpool.campaign;

import io.didpool.callinghours.CallingHoursJson;
import io.didpool.callinghours.CallingHoursService;
import io.didpool.dialing.DialQueue;
import io.didpool.dialing.FlowActivity;
import io.didpool.dialing.WaitReason;
import io.didpool.journey.ExecutionService;
import io.didpool.journey.ExecutionStatus;
import io.didpool.tenant.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Campaigns as the API shows them: their executions counted by status, their queued calls that wait, by reason, their
 * recycle rules, and their progress in time: when they started and finished, their pace over the last minute and when
 * their queued calls will have started at that pace.
 */
@Component
class CampaignViews {

    private static final BigDecimal SECONDS_PER_MINUTE = BigDecimal.valueOf(60);

    private final CampaignRepository campaigns;
    private final ExecutionService executions;
    private final DialQueue calls;
    private final FlowActivity activity;
    private final RecycleRules rules;
    private final CallingHoursService callingHours;

    CampaignViews(CampaignRepository campaigns, ExecutionService executions, DialQueue calls, FlowActivity activity,
            RecycleRules rules, CallingHoursService callingHours) {
        this.campaigns = campaigns;
        this.executions = executions;
        this.calls = calls;
        this.activity = activity;
        this.rules = rules;
        this.callingHours = callingHours;
    }

    /** The campaigns of the rows, in their order; what is kept per campaign in other tables is read once for all. */
    List<Campaign> of(TenantId tenant, List<CampaignRepository.Row> rows) {
        List<UUID> ids = rows.stream().map(CampaignRepository.Row::id).toList();
        Map<UUID, CallingHoursJson> hours = callingHours.ofCampaigns(tenant, ids);
        Map<UUID, List<RecycleRule>> recycle = rules.of(ids);
        Map<UUID, Map<WaitReason, Long>> waiting = calls.waitingByReason(ids);
        Map<UUID, Map<ExecutionStatus, Long>> counts = executions.countByStatus(ids);
        Map<UUID, FlowActivity.Progress> progress = activity.progress(ids);
        return rows.stream().map(row -> view(row, hours.get(row.id()), recycle.getOrDefault(row.id(), List.of()),
                waiting.getOrDefault(row.id(), Map.of()), counts.get(row.id()), progress.get(row.id()))).toList();
    }

    private Campaign view(CampaignRepository.Row row, CallingHoursJson hours, List<RecycleRule> recycle,
            Map<WaitReason, Long> waitingNow, Map<ExecutionStatus, Long> counts, FlowActivity.Progress progress) {
        CampaignStatus status = CampaignService.status(row, counts);
        Map<WaitReason, Long> waiting = new EnumMap<>(WaitReason.class);
        for (WaitReason reason : WaitReason.values()) {
            waiting.put(reason, 0L);
        }
        waiting.putAll(waitingNow);
        Instant startedAt = row.startedAt() != null ? row.startedAt() : progress.firstSetUp();
        Instant finishedAt = row.finishedAt();
        boolean over = status == CampaignStatus.DONE
                || status == CampaignStatus.CANCELLED && counts.get(ExecutionStatus.RUNNING) == 0;
        if (finishedAt == null && over) {
            finishedAt = executions.lastFinished(row.id()).orElse(row.createdAt());
        }
        if (row.startedAt() == null && startedAt != null || row.finishedAt() == null && finishedAt != null) {
            campaigns.keepTimes(row.id(), startedAt, finishedAt);
        }
        BigDecimal perSecond = BigDecimal.valueOf(progress.setUpsLastMinute())
                .divide(SECONDS_PER_MINUTE, 3, RoundingMode.HALF_UP);
        return new Campaign(row.id(), row.journeyId(), row.name(), status, row.total(),
                counts.get(ExecutionStatus.QUEUED), counts.get(ExecutionStatus.RUNNING),
                counts.get(ExecutionStatus.COMPLETED), counts.get(ExecutionStatus.FAILED),
                counts.get(ExecutionStatus.CANCELLED), counts.get(ExecutionStatus.SUPPRESSED),
                waiting.values().stream().mapToLong(Long::longValue).sum(), waiting, row.createdAt(), hours,
                row.callbackTo(), startedAt, finishedAt, perSecond, eta(status, progress), recycle,
                progress.recycled());
    }

    /**
     * When the campaign's queued calls (waiting ones included) will all have started at its pace of the last minute,
     * to the second; null unless it runs, at a pace, with calls queued. In the database's time, as its other times.
     */
    private Instant eta(CampaignStatus status, FlowActivity.Progress progress) {
        if (status != CampaignStatus.RUNNING || progress.setUpsLastMinute() == 0 || progress.queued() == 0) {
            return null;
        }
        // queued / (setUps / 60 s), rounded up to the second
        long seconds = (progress.queued() * 60 + progress.setUpsLastMinute() - 1) / progress.setUpsLastMinute();
        return progress.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
    }
}
