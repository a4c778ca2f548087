import type { CorrelationRegimeEvent } from "./store.ts";

/** A finding a scan reported for the first time, as an event shows it. */
export interface NewFindingNotice {
  id: string;
  pattern: string;
  symbols: string[];
  direction: string;
  qValue: number;
  outOfSampleSharpe: number;
  explanation: string;
}

export interface ScanCompleted {
  scanId: string;
  symbolsScanned: number;
  candidatesTested: number;
  findings: number;
  /** The first-time findings, strongest first (at most 10; `newFindings` counts them all). */
  newFindings: NewFindingNotice[];
  newFindingsCount: number;
  decayed: number;
}

export interface RegimeChanged extends CorrelationRegimeEvent {
  snapshotId: string;
}

/** Everything a subscriber can be told, by topic. */
export interface EventPayloads {
  "scan.completed": ScanCompleted;
  "correlation.regime": RegimeChanged;
}
export type EventTopic = keyof EventPayloads;
export const eventTopics: readonly EventTopic[] = ["scan.completed", "correlation.regime"];

export type StoredEvent = {
  [Topic in EventTopic]: { id: number; topic: Topic; atMs: number; payload: EventPayloads[Topic] };
}[EventTopic];

/**
 * The durable event log: stores write events in the transaction of what they report; a
 * subscriber reads in id order from its cursor and moves the cursor once it has handled them,
 * so an event is delivered at least once, across restarts.
 */
export interface EventLog {
  /** Events with id > `afterId`, oldest first, of the given topics (default all). */
  readEvents(query: {
    afterId: number;
    topics?: readonly EventTopic[];
    limit: number;
  }): Promise<StoredEvent[]>;
  /** The newest event's id (0 when there is none): where a new subscriber starts. */
  lastEventId(): Promise<number>;
  eventCursor(subscriber: string): Promise<number | undefined>;
  /** Moves a subscriber's cursor forward (never back). */
  saveEventCursor(subscriber: string, lastId: number): Promise<void>;
}
