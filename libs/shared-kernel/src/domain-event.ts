/** Something that happened to an aggregate, recorded by it and kept inside its context. */
export interface DomainEvent {
  readonly type: string;
  readonly aggregateId: string;
  readonly occurredAt: Date;
}
