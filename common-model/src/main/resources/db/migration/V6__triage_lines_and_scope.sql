-- How many lines lie before a log cursor's offset, so that a triage numbers the lines of its window as the file
-- does (null: not known, for cursors stored before lines were counted).
alter table log_cursor add column line_count bigint check (line_count >= 0);

-- What a log triage schedule's runs read (LogScope: {"files": [...], "containers": [...]}); null reads everything.
alter table schedule add column log_scope jsonb;
