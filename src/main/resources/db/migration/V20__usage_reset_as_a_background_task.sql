-- The periodic usage reset (DIDPOOL_ALLOCATION_RESET_CRON) is a db-scheduler recurring task, 'usage-reset', instead
-- of every instance's own cron claiming each firing with a row of usage_resets (V3). db-scheduler runs each firing on
-- one instance; dropping the table also stops the instances of the previous version still running during a rolling
-- upgrade from resetting, since their claim now fails: no firing is reset both by them and by the task.
--
-- The firing claimed last must not run again after the upgrade, and the next one must still run. The cron is
-- configuration, not data, so SQL cannot tell the next firing; instead the task's row starts at the firing claimed
-- last, with that firing as its last success. db-scheduler leaves a row whose time has come as it is when it starts,
-- so the first instance with a cron runs it at once, and the task skips a firing that is not after its last success
-- (no row db-scheduler writes is such: it schedules each next firing after the run that completed); db-scheduler
-- then schedules the next firing on the cron. Were that firing still ahead of an instance's clock at its start (a
-- claim made a little early), db-scheduler would move the row to the cron's next firing, that same one, still not
-- after the last success. An instance without a cron removes the row when it starts. With no claim yet there is no
-- row, and db-scheduler schedules the cron's first firing after the first start, as for a new installation.
INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version, last_success)
SELECT 'usage-reset', 'recurring', last_claimed, false, 1, last_claimed
  FROM (SELECT max(scheduled_for) AS last_claimed FROM usage_resets) claims
 WHERE last_claimed IS NOT NULL;

DROP TABLE usage_resets;
