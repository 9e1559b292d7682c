-- Indexes for the listings the REST API and the web UI page through (dateline.api), as in
-- sql/sqlite/0003_api_indexes.sql: expression indexes matching the ORDER BY of
-- Store.list_articles and corpus.fused_events, and case-insensitive speaker lookups.
-- Idempotent (IF NOT EXISTS).

CREATE INDEX IF NOT EXISTS articles_published_order
    ON articles ((published IS NULL), published DESC, num);

CREATE INDEX IF NOT EXISTS quotes_speaker_canonical_lower ON quotes (LOWER(speaker_canonical));
CREATE INDEX IF NOT EXISTS quotes_speaker_text_lower ON quotes (LOWER(speaker_text));

CREATE INDEX IF NOT EXISTS fused_events_date_order ON fused_events ((date IS NULL), date, id);
