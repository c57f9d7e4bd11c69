-- Web UI sessions. Logging in with an API token opens one; the browser's cookie holds a random id whose SHA-256
-- is the key here, so a database dump holds no usable session. Revoking the token ends its sessions at once (the
-- lookup joins api_token and checks revoked_at); deleting it deletes them.
create table ui_session (
    id_hash      varchar(64) primary key,
    token_id     bigint      not null references api_token (id) on delete cascade,
    csrf_token   varchar(64) not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    last_seen_at timestamptz not null
);
create index ui_session_expires_idx on ui_session (expires_at);
create index ui_session_token_idx on ui_session (token_id);
