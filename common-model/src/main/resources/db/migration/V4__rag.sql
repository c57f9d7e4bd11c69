-- Document library (RAG): what the upload list, the document list and the searchers' reconcile read.

-- GET /api/rag/uploads?status=...: newest first, optionally one status.
create index upload_status_created_idx on upload_file (status, created_at desc, id desc);
create index upload_created_idx on upload_file (created_at desc, id desc);

-- GET /api/rag/documents: newest first.
create index document_created_idx on document (created_at desc, id desc);

-- The ingester stores a document only once its text, chunks and embeddings are all known, and the progress
-- it reports never passes the total.
alter table upload_file add constraint upload_progress_check check (chunks_done <= chunks_total or chunks_total = 0);
