/**
 * The envelope of an integration event: a versioned, plain-JSON contract that leaves its context
 * through the outbox. `type` is the routing key (`<context>.<aggregate>.<event>.v<n>`).
 */
export interface IntegrationEvent<TPayload extends object = object> {
  readonly type: string;
  readonly schemaVersion: number;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly occurredAt: string;
  readonly payload: TPayload;
}
