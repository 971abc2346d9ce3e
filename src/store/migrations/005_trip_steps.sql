-- 005_trip_steps: the date of every step on the trip row, for the
-- compliance engine and the statistics.
--
-- The engine evaluates a member as of any date (domain/compliance.h): it
-- needs the day each step happened, not only the state now. The timeline
-- (trip_events) holds them; these columns keep the latest date of each
-- step beside the trip, filled by a trigger from the events, so they can
-- never disagree with the timeline and a scan reads one row per trip.

ALTER TABLE trips ADD COLUMN opinion_on TEXT;
ALTER TABLE trips ADD COLUMN withdrawn_on TEXT;
ALTER TABLE trips ADD COLUMN cancelled_on TEXT;
ALTER TABLE trips ADD COLUMN extension_requested_on TEXT;
ALTER TABLE trips ADD COLUMN extension_decided_on TEXT;
ALTER TABLE trips ADD COLUMN report_reviewed_on TEXT;
ALTER TABLE trips ADD COLUMN acknowledged_on TEXT;

CREATE TRIGGER trip_events_step_dates AFTER INSERT ON trip_events
WHEN new.action IN ('opinion', 'withdraw', 'cancel', 'request_extension', 'decide_extension',
                    'review_report', 'acknowledge')
BEGIN
    UPDATE trips SET
        opinion_on             = CASE new.action WHEN 'opinion'           THEN new.on_date ELSE opinion_on END,
        withdrawn_on           = CASE new.action WHEN 'withdraw'          THEN new.on_date ELSE withdrawn_on END,
        cancelled_on           = CASE new.action WHEN 'cancel'            THEN new.on_date ELSE cancelled_on END,
        extension_requested_on = CASE new.action WHEN 'request_extension' THEN new.on_date ELSE extension_requested_on END,
        extension_decided_on   = CASE new.action WHEN 'decide_extension'  THEN new.on_date ELSE extension_decided_on END,
        report_reviewed_on     = CASE new.action WHEN 'review_report'     THEN new.on_date ELSE report_reviewed_on END,
        acknowledged_on        = CASE new.action WHEN 'acknowledge'       THEN new.on_date ELSE acknowledged_on END
    WHERE id = new.trip_id;
END;

-- Trips filed before this migration take their dates from their timeline.
UPDATE trips SET
    opinion_on             = (SELECT max(on_date) FROM trip_events e WHERE e.trip_id = trips.id AND e.action = 'opinion'),
    withdrawn_on           = (SELECT max(on_date) FROM trip_events e WHERE e.trip_id = trips.id AND e.action = 'withdraw'),
    cancelled_on           = (SELECT max(on_date) FROM trip_events e WHERE e.trip_id = trips.id AND e.action = 'cancel'),
    extension_requested_on = (SELECT max(on_date) FROM trip_events e WHERE e.trip_id = trips.id AND e.action = 'request_extension'),
    extension_decided_on   = (SELECT max(on_date) FROM trip_events e WHERE e.trip_id = trips.id AND e.action = 'decide_extension'),
    report_reviewed_on     = (SELECT max(on_date) FROM trip_events e WHERE e.trip_id = trips.id AND e.action = 'review_report'),
    acknowledged_on        = (SELECT max(on_date) FROM trip_events e WHERE e.trip_id = trips.id AND e.action = 'acknowledge');
