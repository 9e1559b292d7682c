-- Corpus layer (dateline.corpus): syndication families, fused events, links, discrepancies.
-- Idempotent (IF NOT EXISTS): dateline.corpus also applies it itself on first use.

CREATE TABLE IF NOT EXISTS family_members (
    article_id  TEXT PRIMARY KEY,
    family_id   TEXT NOT NULL,          -- the representative (earliest) member's article id
    published   TEXT,
    linked_to   TEXT,                   -- the stored article it was found similar to
    similarity  REAL NOT NULL DEFAULT 1.0,
    signature   BLOB                    -- MinHash of word 3-shingles (NULL: no words)
);
CREATE INDEX IF NOT EXISTS family_members_family ON family_members (family_id);

CREATE TABLE IF NOT EXISTS story_families (
    family_id       TEXT PRIMARY KEY,
    representative  TEXT NOT NULL,
    size            INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS fused_events (
    id            TEXT PRIMARY KEY,
    type          TEXT,
    mode          TEXT,
    date          TEXT,
    date_from     TEXT,
    date_to       TEXT,
    place         TEXT,
    country       TEXT,
    lat           REAL,
    lon           REAL,
    n_reports     INTEGER NOT NULL,
    n_families    INTEGER NOT NULL,
    summary       TEXT NOT NULL          -- JSON: perpetrators, targets, ...
);
CREATE INDEX IF NOT EXISTS fused_events_date ON fused_events (date);

CREATE TABLE IF NOT EXISTS event_links (
    report_key  TEXT PRIMARY KEY,        -- "<article id>:<event id>"
    fused_id    TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    score       REAL NOT NULL,
    reason      TEXT NOT NULL,
    manual      INTEGER NOT NULL DEFAULT 0,
    report      TEXT NOT NULL            -- JSON: the report's own values, never merged away
);
CREATE INDEX IF NOT EXISTS event_links_fused ON event_links (fused_id);
CREATE INDEX IF NOT EXISTS event_links_article ON event_links (article_id);

CREATE TABLE IF NOT EXISTS fusion_vetoes (
    report_key  TEXT NOT NULL,
    fused_id    TEXT NOT NULL,
    PRIMARY KEY (report_key, fused_id)
);

CREATE TABLE IF NOT EXISTS discrepancies (
    id              INTEGER PRIMARY KEY,
    fused_id        TEXT NOT NULL,
    field           TEXT NOT NULL,
    fused_value     TEXT NOT NULL,
    within_article  TEXT,
    data            TEXT NOT NULL        -- JSON: values with their reports
);
CREATE INDEX IF NOT EXISTS discrepancies_fused ON discrepancies (fused_id);
