-- Scheduler (issue 5).

-- Intervals count from an anchor (the schedule's start, reset when its timing changes), so they never drift.
alter table schedule add column anchor_at timestamptz;
update schedule set anchor_at = created_at;
alter table schedule alter column anchor_at set not null;

-- A fire is claimed by the transaction that launches it (FOR UPDATE SKIP LOCKED): the lock is the lease,
-- so schedules carry no lease columns.
alter table schedule drop column lease_owner;
alter table schedule drop column lease_expires_at;

-- Concurrency limits count active runs at fire time.
create index run_active_idx on run (status) where status in ('pending', 'running');
create index run_job_active_idx on run_job (job_id) where status in ('pending', 'running');

-- A fire's history entry follows its run to the end, whoever ends the run (launcher, cancel, deny).
create function scheduled_run_follow_run() returns trigger language plpgsql as $$
begin
    update scheduled_run
       set status = new.status, finished_at = coalesce(new.ended_at, now())
     where run_id = new.id and status = 'launched';
    return null;
end
$$;

create trigger run_outcome_to_scheduled_run
    after update of status on run
    for each row
    when (new.status in ('success', 'failed', 'cancelled') and old.status is distinct from new.status)
    execute function scheduled_run_follow_run();
