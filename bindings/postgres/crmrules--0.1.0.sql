/* crmrules--0.1.0.sql - rule sets as rows, decisions and SLA clocks as functions. */

\echo Use "CREATE EXTENSION crmrules" to load this file. \quit

-- Rule sets: one row per version of a named set of rule files. The newest
-- version of a name is the one the functions use.
CREATE TABLE crm_rulesets (
    name       text NOT NULL CHECK (name <> ''),
    version    integer NOT NULL CHECK (version > 0),
    files      jsonb NOT NULL,   -- {"file name": "YAML text", ...}
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, version)
);
COMMENT ON TABLE crm_rulesets IS
    'crmrules rule sets: name, version, files {file name: YAML text}; the newest version of a name decides';
-- pg_dump keeps the rows (the table belongs to the extension)
SELECT pg_catalog.pg_extension_config_dump('crm_rulesets', '');

-- Compile rule files without storing them: what they declare, or the
-- library's error at file:line:column.
CREATE FUNCTION crm_ruleset_check(files jsonb) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'crm_ruleset_check_pg'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- A row that does not compile is refused; a row without a version gets the
-- next one of its name.
CREATE FUNCTION crm_rulesets_before_write() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.version IS NULL THEN
        SELECT coalesce(max(r.version), 0) + 1 INTO NEW.version
          FROM @extschema@.crm_rulesets r WHERE r.name = NEW.name;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.files IS DISTINCT FROM OLD.files THEN
        PERFORM @extschema@.crm_ruleset_check(NEW.files);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER crm_rulesets_compile BEFORE INSERT OR UPDATE ON crm_rulesets
    FOR EACH ROW EXECUTE FUNCTION crm_rulesets_before_write();

-- A decision: its outputs as jsonb, as `crmrules eval` writes them (money
-- as exact strings, dates as ISO 8601). explain: 'none', 'fired' (the rules
-- that fired and the facts they read) or 'full' (and the rules tried).
-- Facts that cannot be read and decisions that cannot be made are errors.
CREATE FUNCTION crm_decide(ruleset text, decision text, facts jsonb,
                           explain text DEFAULT 'none') RETURNS jsonb
    AS 'MODULE_PATHNAME', 'crm_decide_pg'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 100;

-- As crm_decide, but a decision that cannot be made (missing facts, no
-- rule matched, facts that cannot be read) gives {"$error": {...}} in
-- place of an error, for batch jobs that keep going.
CREATE FUNCTION crm_try_decide(ruleset text, decision text, facts jsonb,
                               explain text DEFAULT 'none') RETURNS jsonb
    AS 'MODULE_PATHNAME', 'crm_try_decide_pg'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 100;

-- Decision credit_grade, output grade ('A', 'B' or 'C').
CREATE FUNCTION crm_grade(ruleset text, facts jsonb) RETURNS text
    AS 'MODULE_PATHNAME', 'crm_grade_pg'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 100;

-- Decision credit_limit, output limit, exactly (numeric with two decimals).
CREATE FUNCTION crm_credit_limit(ruleset text, facts jsonb) RETURNS numeric
    AS 'MODULE_PATHNAME', 'crm_credit_limit_pg'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 100;

-- An SLA clock: the timer's status, due, remaining and next_alert at now.
-- pauses: intervals that do not count (NULL: none; no upper bound: still
-- paused). stop: when the clock was stopped (NULL: running).
CREATE FUNCTION crm_sla(ruleset text, timer text, start timestamptz, pauses tstzrange[],
                        now timestamptz, stop timestamptz DEFAULT NULL) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'crm_sla_pg'
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE COST 100;
