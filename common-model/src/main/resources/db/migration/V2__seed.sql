-- Seed: the four directives of the original system and the three task templates.
-- D3 (service map, inspects every container) and D4 (free text) require an admin's approval by default.

insert into directive (code, name, directive_type, description, directive_text, task_config, version, active, approval_required, created_at, updated_at)
values
('D1', 'D1 Log triage', 'log_triage',
 'Errors, warnings and anomalies since the last successful triage.',
 'Read the logs that are new since the last successful triage. Group lines into templates, count them by level, flag templates never seen before and rate spikes, and rank what an operator should look at first.',
 '{"log_triage": {"levels": ["ERROR", "WARN"], "top_templates": 20, "samples_per_template": 3}}'::jsonb,
 1, true, false, now(), now()),
('D2', 'D2 GPU report', 'gpu_report',
 'GPU usage, health and headroom.',
 'Report VRAM, utilisation, temperature, power and throttling per GPU, map GPU processes to containers, and say which GPU has room for a model of a given size.',
 '{"gpu_report": {"history_hours": 24}}'::jsonb,
 1, true, false, now(), now()),
('D3', 'D3 Service map', 'service_map',
 'Containers, networks and dependencies, with least-privilege NetworkPolicies.',
 'Inspect the containers in scope, draw what talks to what from networks, links, compose dependencies and connection settings, and recommend one NetworkPolicy per service that allows only observed dependents.',
 '{"service_map": {"formats": ["json", "mermaid", "dot"]}}'::jsonb,
 1, true, true, now(), now()),
('D4', 'D4 Custom', 'custom',
 'Operator-written instructions; the text is given at launch.',
 'Custom directive: the operator supplies the text at launch.',
 '{}'::jsonb,
 1, true, true, now(), now());

insert into directive_version (directive_id, version, name, directive_type, description, directive_text, task_config, approval_required, created_at)
select id, version, name, directive_type, description, directive_text, task_config, approval_required, created_at from directive;

insert into job (task_key, alias, name, description, default_directive_id, default_config, enabled, timeout_seconds, created_at, updated_at)
values
('log_triage', 'task1', 'Log triage', 'Templates, levels, new templates and spikes in the logs since the last success.',
 (select id from directive where code = 'D1'), '{"first_run_tail_lines": 5000}'::jsonb, true, 900, now(), now()),
('gpu_report', 'task2', 'GPU report', 'Per-GPU state, processes, history, health and headroom.',
 (select id from directive where code = 'D2'), '{}'::jsonb, true, 300, now(), now()),
('service_map', 'task3', 'Service map', 'Container graph (JSON, Mermaid, DOT) and NetworkPolicy recommendations.',
 (select id from directive where code = 'D3'), '{}'::jsonb, true, 600, now(), now());
