import type { NumericExpression } from "../../engine/strategy/spec.ts";
import type { PriceAlertDirection } from "./price-alerts.ts";
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

/** An order waits for a human: the chat layer posts its approval card (built from the row). */
export interface ApprovalPending {
  approvalId: string;
  intentId: string;
  broker: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  type: "market" | "limit";
  limitPrice: number | null;
  strategyId: string | null;
  approvers: string[];
  expiresAtMs: number;
}

/** An order intent moved on its way to the broker (submitted, filled, cancelled ...). */
export interface OrderUpdated {
  intentId: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  state: string;
  filledQuantity: number;
  averageFillPrice: number | null;
  rejectReason: string | null;
}

/** The trading state of the account or a strategy changed (the kill switch among others). */
export interface TradingStateChanged {
  scope: string;
  state: "active" | "reducing" | "halted";
  reason: string | null;
  actor: string;
}

/** A price alert fired: the price reached its level. */
export interface PriceAlertFired {
  alertId: string;
  symbol: string;
  /** The indicator it watched (an alert from 0031 on); absent or null: the price. */
  indicator?: NumericExpression | null;
  direction: PriceAlertDirection;
  level: number;
  price: number;
  /** The price's own time (a stored close's bar, a trade). */
  priceAtMs: number;
  source: string;
  note: string | null;
  /** Who set it. */
  actor: string;
  setAtMs: number;
  /** The conversation it was set in (an agent thread id); absent outside one and before 0030. */
  thread?: string | null;
}

/** Everything a subscriber can be told, by topic. */
export interface EventPayloads {
  "scan.completed": ScanCompleted;
  "correlation.regime": RegimeChanged;
  "approval.pending": ApprovalPending;
  "order.updated": OrderUpdated;
  "trading.state": TradingStateChanged;
  "price.alert": PriceAlertFired;
}
export type EventTopic = keyof EventPayloads;
export const eventTopics: readonly EventTopic[] = [
  "scan.completed",
  "correlation.regime",
  "approval.pending",
  "order.updated",
  "trading.state",
  "price.alert",
];

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
