-- 007_stats: indexes for the statistics (store/stats.c, issue 6).
--
-- Each figure is a GROUP BY over a date range: the trips that left or came
-- back in a period, those abroad on a day, the transfers issued, the
-- exemptions decided, the groups formed and the violations that began in
-- it. These indexes let each range be read in date order from an index
-- that covers the grouped columns, so the national figures of twenty
-- years never scan the tables (docs/PERFORMANCE.md, measurement 6).

-- Left in a period: by year and purpose from the index alone.
CREATE INDEX trips_departed ON trips (actual_departure, purpose, member_id)
    WHERE actual_departure IS NOT NULL;
-- Came back in a period, with the day the report was filed.
CREATE INDEX trips_returned ON trips (actual_return, report_submitted_on, member_id)
    WHERE actual_return IS NOT NULL;
-- Abroad on a day: departed, and back after it or not yet (the still-abroad
-- sort last), so a recent day reads only the trips still out then.
CREATE INDEX trips_out ON trips (coalesce(actual_return, '9999-12-31'), actual_departure)
    WHERE actual_departure IS NOT NULL;
CREATE INDEX transfers_issued ON transfers (issued_on);
CREATE INDEX exemptions_decided ON exemptions (decided_on);
CREATE INDEX delegations_group_formed ON delegations (group_formed_on)
    WHERE group_formed_on IS NOT NULL;
CREATE INDEX alerts_since ON alerts (since, rule);
-- The few units with an overseas cell type, for the type of a unit attended.
CREATE INDEX units_cell_type ON units (cell_type) WHERE cell_type IS NOT NULL;
