/** Where analytics events are sent, and how many at once: plain values, so the tracker needs no schema library. */

/** `POST` a batch of events here. */
export const ANALYTICS_INGEST_PATH = '/api/v1/analytics';
/** Most events one request may carry (the tracker sends at most this many per batch). */
export const maxEventsPerBatch = 50;
