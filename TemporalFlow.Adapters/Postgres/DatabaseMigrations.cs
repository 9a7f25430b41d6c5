namespace TemporalFlow.Adapters.Postgres;

/// <summary>The schema, as numbered migrations: append, never edit one that shipped.</summary>
public static class DatabaseMigrations
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        (1, "event ledger", """
            CREATE TABLE IF NOT EXISTS event_ledger (
                event_id       text PRIMARY KEY,
                source         text,
                event_type     text NOT NULL,
                payload        jsonb NOT NULL,
                received_at    timestamptz NOT NULL,
                status         text NOT NULL CHECK (status IN ('routed', 'rejected', 'dead-lettered')),
                route          text,
                workflow_id    text,
                reason         text,
                config_version text,
                updated_at     timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS event_ledger_status ON event_ledger (status, received_at);
            CREATE INDEX IF NOT EXISTS event_ledger_type_source ON event_ledger (event_type, source);
            """),
        (2, "incidents", """
            CREATE SEQUENCE IF NOT EXISTS incident_number;
            CREATE TABLE IF NOT EXISTS incidents (
                incident_id      text PRIMARY KEY,
                number           text NOT NULL UNIQUE DEFAULT 'INC-' || lpad(nextval('incident_number')::text, 6, '0'),
                event_id         text NOT NULL,
                state            text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
                severity         text,
                classified_by    text,
                escalation_level int NOT NULL DEFAULT 0,
                title            text NOT NULL,
                source           text,
                service          text,
                analysis         jsonb,
                acknowledged_by  text,
                resolved_by      text,
                resolution       text,
                opened_at        timestamptz NOT NULL,
                updated_at       timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS incidents_state ON incidents (state, opened_at);
            CREATE TABLE IF NOT EXISTS incident_timeline (
                incident_id text NOT NULL REFERENCES incidents (incident_id),
                sequence    int NOT NULL,
                at          timestamptz NOT NULL,
                kind        text NOT NULL,
                actor       text,
                note        text NOT NULL,
                PRIMARY KEY (incident_id, sequence)
            );
            CREATE TABLE IF NOT EXISTS incident_notifications (
                incident_id text NOT NULL REFERENCES incidents (incident_id),
                level       int NOT NULL,
                channel     text NOT NULL,
                sent_at     timestamptz,
                PRIMARY KEY (incident_id, level, channel)
            );
            """),
        (3, "documents", """
            CREATE TABLE IF NOT EXISTS documents (
                document_uri text NOT NULL,
                version      text NOT NULL,
                status       text NOT NULL CHECK (status IN ('processed', 'rejected', 'failed')),
                kind         text,
                content_type text,
                sha256       text,
                size_bytes   bigint,
                word_count   bigint,
                line_count   bigint,
                reason       text,
                event_id     text NOT NULL,
                workflow_id  text NOT NULL,
                processed_at timestamptz NOT NULL,
                PRIMARY KEY (document_uri, version)
            );
            CREATE INDEX IF NOT EXISTS documents_sha256 ON documents (sha256);
            CREATE TABLE IF NOT EXISTS document_texts (
                document_uri text NOT NULL,
                version      text NOT NULL,
                text         text NOT NULL,
                truncated    boolean NOT NULL,
                PRIMARY KEY (document_uri, version),
                FOREIGN KEY (document_uri, version) REFERENCES documents (document_uri, version)
            );
            """),
        (4, "datasets", """
            CREATE TABLE IF NOT EXISTS datasets (
                dataset_uri  text NOT NULL,
                version      text NOT NULL,
                status       text NOT NULL CHECK (status IN ('processed', 'rejected', 'failed')),
                format       text,
                row_count    bigint NOT NULL,
                bad_rows     bigint NOT NULL,
                columns      jsonb NOT NULL,
                bad_row_samples jsonb NOT NULL,
                size_bytes   bigint,
                sha256       text,
                reason       text,
                event_id     text NOT NULL,
                workflow_id  text NOT NULL,
                processed_at timestamptz NOT NULL,
                PRIMARY KEY (dataset_uri, version)
            );
            """),
        (5, "received events (the delivery port's claim check)", """
            ALTER TABLE event_ledger DROP CONSTRAINT IF EXISTS event_ledger_status_check;
            ALTER TABLE event_ledger ADD CONSTRAINT event_ledger_status_check
                CHECK (status IN ('received', 'routed', 'rejected', 'dead-lettered'));
            """),
    ];
}
