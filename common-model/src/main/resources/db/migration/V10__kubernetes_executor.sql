-- The kubernetes executor (issue 17) records its kind on the jobs it runs, like docker and process.
alter table run_job drop constraint run_job_executor_check;
alter table run_job add constraint run_job_executor_check
    check (executor is null or executor in ('docker', 'process', 'kubernetes'));
