-- 002: one event per happening. Event mentions (rows of `events`) are grouped
-- into clusters; a cluster is what detente counts as one event (GDELT's
-- NumMentions / NumArticles / NumSources are its n_mentions / n_articles /
-- n_sources). Written by detente.store.clusters; the `events` table is unchanged.
CREATE TABLE IF NOT EXISTS event_clusters (
    id              VARCHAR PRIMARY KEY,
    source_country  VARCHAR,
    target_country  VARCHAR,
    cameo           VARCHAR NOT NULL,   -- the code most mentions carry (the most specific on ties)
    cameo_root      VARCHAR NOT NULL,
    plover_event    VARCHAR,
    quad_class      INTEGER,
    goldstein       DOUBLE,
    status          VARCHAR NOT NULL,
    event_date      VARCHAR,            -- best-supported date, ISO at its precision
    date_precision  VARCHAR NOT NULL,
    date_start      DATE,
    date_end        DATE,
    first_reported  DATE,
    last_reported   DATE,
    n_mentions      INTEGER NOT NULL,
    n_articles      INTEGER NOT NULL,
    n_sources       INTEGER NOT NULL,
    best_mention    VARCHAR NOT NULL,   -- events.id of the mention shown first
    updated_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS event_cluster_members (
    event_id    VARCHAR PRIMARY KEY,    -- events.id
    cluster_id  VARCHAR NOT NULL,       -- event_clusters.id
    similarity  DOUBLE NOT NULL         -- evidence similarity to the cluster when it joined (1 for the first)
);

CREATE INDEX IF NOT EXISTS event_clusters_dyad ON event_clusters (source_country, target_country);
CREATE INDEX IF NOT EXISTS event_clusters_date ON event_clusters (date_start);
CREATE INDEX IF NOT EXISTS event_cluster_members_cluster ON event_cluster_members (cluster_id);
