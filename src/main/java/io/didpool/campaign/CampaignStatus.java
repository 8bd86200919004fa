package io.didpool.campaign;

/** Where a campaign is. RUNNING ⇄ PAUSED; either → CANCELLED; RUNNING → DONE once no execution waits or runs. */
enum CampaignStatus {
    RUNNING,
    /** No new call starts; calls in progress finish. */
    PAUSED,
    /** Its executions that had not started were cancelled; calls in progress finished. */
    CANCELLED,
    /** Every execution finished. */
    DONE
}
