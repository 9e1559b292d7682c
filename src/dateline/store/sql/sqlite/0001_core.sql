-- Dateline core schema (SQLite). Applied once, recorded in schema_version.
-- articles.facts holds the full ArticleFacts JSON so that get_facts() round-trips exactly;
-- the per-kind tables flatten the queryable columns of each fact for SQL and the API.

CREATE TABLE IF NOT EXISTS articles (
    num         INTEGER PRIMARY KEY,          -- stable rowid, used by articles_fts
    id          TEXT NOT NULL UNIQUE,         -- sha256 of the normalised text (+ URL)
    title       TEXT,
    url         TEXT,
    outlet      TEXT,
    authors     TEXT NOT NULL DEFAULT '[]',   -- JSON list
    published   TEXT,                         -- ISO 8601
    updated     TEXT,
    language    TEXT,
    text        TEXT NOT NULL,
    source      TEXT,
    encoding    TEXT,
    ingested_at TEXT NOT NULL,
    facts       TEXT NOT NULL                 -- ArticleFacts as JSON
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet);

CREATE TABLE IF NOT EXISTS entities (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,             -- position in ArticleFacts.entities
    canonical   TEXT NOT NULL,
    type        TEXT,
    qid         TEXT,
    kind        TEXT,
    n_mentions  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS entities_canonical ON entities (canonical);

CREATE TABLE IF NOT EXISTS entity_mentions (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_idx  INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_mentions_article ON entity_mentions (article_id, entity_idx);

CREATE TABLE IF NOT EXISTS quotes (
    num                 INTEGER PRIMARY KEY,  -- stable rowid, used by quotes_fts
    article_id          TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx                 INTEGER NOT NULL,
    kind                TEXT NOT NULL,        -- direct, partial, indirect
    text                TEXT NOT NULL,
    start               INTEGER NOT NULL,
    "end"               INTEGER NOT NULL,
    speaker_text        TEXT,
    speaker_start       INTEGER,
    speaker_end         INTEGER,
    speaker_canonical   TEXT,
    speaker_description TEXT,
    anonymous           INTEGER NOT NULL DEFAULT 0,
    resolved_by         TEXT,
    cue                 TEXT,
    hedge               TEXT,
    via                 TEXT NOT NULL DEFAULT '[]',  -- JSON list, chain of attribution
    addressee           TEXT,
    question            INTEGER NOT NULL DEFAULT 0,
    UNIQUE (article_id, idx)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (speaker_canonical);

CREATE TABLE IF NOT EXISTS times (
    article_id    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    type          TEXT NOT NULL,
    text          TEXT NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    value         TEXT,
    interval_from TEXT,
    interval_to   TEXT,
    anchor        TEXT,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS places (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    name        TEXT,
    country     TEXT,
    lat         REAL,
    lon         REAL,
    feature     TEXT,
    geonameid   INTEGER,
    confidence  REAL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS places_country ON places (country);

CREATE TABLE IF NOT EXISTS events (
    article_id           TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx                  INTEGER NOT NULL,
    event_id             TEXT NOT NULL,
    type                 TEXT NOT NULL,
    mode                 TEXT,
    gtd_attack_type      TEXT,
    acled_event_type     TEXT,
    acled_sub_event_type TEXT,
    trigger_text         TEXT,
    trigger_start        INTEGER,
    trigger_end          INTEGER,
    date                 TEXT,
    place                TEXT,
    country              TEXT,
    lat                  REAL,
    lon                  REAL,
    killed               INTEGER,             -- sum over casualty groups, NULL when unknown
    injured              INTEGER,
    hedge                TEXT,
    confidence           REAL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE INDEX IF NOT EXISTS events_date ON events (date);

CREATE TABLE IF NOT EXISTS event_actors (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    event_idx   INTEGER NOT NULL,
    canonical   TEXT NOT NULL,
    role        TEXT,
    basis       TEXT
);
CREATE INDEX IF NOT EXISTS event_actors_canonical ON event_actors (canonical);
CREATE INDEX IF NOT EXISTS event_actors_article ON event_actors (article_id, event_idx);

CREATE TABLE IF NOT EXISTS event_targets (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    event_idx   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    canonical   TEXT,
    start       INTEGER,
    "end"       INTEGER
);
CREATE INDEX IF NOT EXISTS event_targets_article ON event_targets (article_id, event_idx);

CREATE TABLE IF NOT EXISTS casualties (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    event_idx   INTEGER NOT NULL,
    "group"     TEXT,
    killed      INTEGER,
    injured     INTEGER,
    qualifier   TEXT,
    start       INTEGER,
    "end"       INTEGER
);
CREATE INDEX IF NOT EXISTS casualties_article ON casualties (article_id, event_idx);

CREATE TABLE IF NOT EXISTS embeds (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    author      TEXT,
    handle      TEXT,
    date        TEXT,
    text        TEXT,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS notes (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);

-- Articles that could not be read, analysed or stored: never fatal to a batch.
CREATE TABLE IF NOT EXISTS errors (
    num     INTEGER PRIMARY KEY,
    source  TEXT NOT NULL,
    reason  TEXT NOT NULL,
    stage   TEXT NOT NULL,                    -- read, analyse, store
    time    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS errors_source ON errors (source);

-- What each source (file, file#line=N, file#record=N) came to, for --resume.
CREATE TABLE IF NOT EXISTS sources (
    source      TEXT PRIMARY KEY,
    article_id  TEXT,
    status      TEXT NOT NULL,                -- stored, duplicate, failed, done
    time        TEXT NOT NULL
);

-- Full-text search (external content: the text is stored once, in articles/quotes).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    title, text, content = 'articles', content_rowid = 'num',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.num, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.num, old.title, old.text);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5 (
    text, speaker_canonical, content = 'quotes', content_rowid = 'num',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text, speaker_canonical)
    VALUES (new.num, new.text, new.speaker_canonical);
END;
CREATE TRIGGER IF NOT EXISTS quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker_canonical)
    VALUES ('delete', old.num, old.text, old.speaker_canonical);
END;
