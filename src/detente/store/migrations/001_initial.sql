-- 001: articles, sentences, actors, events, quotes.
CREATE TABLE IF NOT EXISTS articles (
    id          VARCHAR PRIMARY KEY,
    url         VARCHAR,
    title       VARCHAR,
    source      VARCHAR,
    published   DATE,
    language    VARCHAR NOT NULL DEFAULT 'en',
    text        VARCHAR NOT NULL,
    origin      VARCHAR,
    n_tokens    INTEGER,
    ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id     VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS actors (
    doc_id     VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    country    VARCHAR,
    sector     VARCHAR,
    name       VARCHAR,
    rule       VARCHAR,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS events (
    id              VARCHAR PRIMARY KEY,
    doc_id          VARCHAR NOT NULL,
    idx             INTEGER NOT NULL,
    source_text     VARCHAR,
    source_start    INTEGER,
    source_end      INTEGER,
    source_country  VARCHAR,
    source_sector   VARCHAR,
    source_name     VARCHAR,
    target_text     VARCHAR,
    target_start    INTEGER,
    target_end      INTEGER,
    target_country  VARCHAR,
    target_sector   VARCHAR,
    target_name     VARCHAR,
    cameo           VARCHAR NOT NULL,
    cameo_root      VARCHAR NOT NULL,
    plover_event    VARCHAR,
    plover_mode     VARCHAR,
    plover_context  VARCHAR,
    status          VARCHAR NOT NULL,
    historical      BOOLEAN NOT NULL,
    event_date      VARCHAR,
    date_precision  VARCHAR NOT NULL,
    date_defaulted  BOOLEAN NOT NULL,
    date_start      DATE,
    reported        DATE,
    goldstein       DOUBLE,
    quad_class      INTEGER,
    confidence      DOUBLE,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    trigger_start   INTEGER,
    trigger_end     INTEGER,
    rule            VARCHAR
);

CREATE TABLE IF NOT EXISTS quotes (
    id              VARCHAR PRIMARY KEY,
    doc_id          VARCHAR NOT NULL,
    idx             INTEGER NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    content         VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    cue_start       INTEGER,
    cue_end         INTEGER,
    cue             VARCHAR,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    speaker         VARCHAR,
    speaker_name    VARCHAR,
    speaker_country VARCHAR,
    speaker_sector  VARCHAR,
    fragments       VARCHAR,
    n_words         INTEGER
);

CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
CREATE INDEX IF NOT EXISTS events_dyad ON events (source_country, target_country);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes (doc_id);
